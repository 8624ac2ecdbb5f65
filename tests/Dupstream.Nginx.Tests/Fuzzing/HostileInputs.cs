using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Dupstream.Nginx.Tests.Fuzzing;

/// <summary>
/// CsCheck generators for hostile requests: snapshots built from nasty values (injection, control
/// characters, Unicode, path tricks, huge values, wrong JSON types, duplicate and dangling node IDs),
/// the same bodies with bytes mutated, JSON-ish garbage and deep nesting, and raw HTTP with broken
/// headers and lengths. Valid values are mixed in so a good share gets all the way to the apply.
/// </summary>
public static class HostileInputs
{
    private static readonly string[] NastyText =
    [
        "", " ", "web", "api-1", "a.b", "node-1", "localhost", "wéb", "ノード", "web\u202E", "\uFEFFweb", "web\u0000", "web\n",
        "web\r\nserver evil:1;", "a b", "${x}", "web;", "web}", "web{", "#web", "'web'", "\"web\"", "web\\", "..", "../x",
        "/etc/passwd", "default/../global", "C:\\x", "default\u0000", "DEFAULT", "global ", "%2e%2e%2f", "\ud83d\ude00",
        "\u0085", "\u2028", "web\t", "-lead", "_x", "x_y", new string('a', 254), new string('a', 300), new string('x', 70_000),
    ];

    private static readonly string[] Ips =
    [
        "10.0.0.1", "10.0.0.2", "127.0.0.1", "::1", "2001:db8::7", "fe80::1%eth0", "0.0.0.0", "::", "1", "300.1.1.1",
        "10.0.0.1; server evil", "", "0x7f.1", "10.0.0.1\n", " 10.0.0.3", "1.2.3.4.5", "[::1]",
    ];

    private static readonly string[] GoodStatements =
    [
        "least_conn;", "ip_hash;", "keepalive 16;", "keepalive 8; keepalive_timeout 30s;", "hash $remote_addr consistent;",
        "zone shared 64k;", "random two least_conn;", "keepalive_requests 100;", " least_conn; ", "keepalive_time 1h;",
    ];

    // Each fine alone, refused by nginx together (or in a prefix and a suffix of the same block).
    private static readonly string[] RepeatedStatements =
    [
        "keepalive 16; keepalive 8;", "hash $remote_addr; ip_hash;", "least_conn; random;", "ip_hash; least_conn;", "zone a 64k; zone b 64k;",
        "keepalive_timeout 30s; keepalive_timeout 60s;", "random two; hash $uri;", "least_conn; least_conn;", "hash $undefined_variable_x;",
        "hash $remote_addr; hash $uri;", "keepalive_requests 1; keepalive_requests 2;",
    ];

    private static readonly string[] BadStatements =
    [
        "ip_hash; } server { listen 1; } upstream x {", "server evil:80;", "least_conn; # x", "include /etc/passwd;",
        "keepalive 1;\nserver evil:1;", "\u0000", "least_conn;\u00a0", "keepalive \"1\";", "keepalive '1';", "keepalive 1\\;",
        "least_conn", ";", "least_conn;;", "lua_code_cache off;", "keepalive abc;", "zone a 1;", "hash;",
        string.Concat(Enumerable.Repeat("ip_hash;", 300)), "{", "}", "least_conn;\r", "proxy_pass http://evil;",
    ];

    private static readonly string[] FileLabels =
    [
        "default", "global", "../default", "/tmp/x", "default/../global", "", "DEFAULT", "default\u0000", "nope", "global\n",
        "./default", "default.conf", "..", "/", "global/", "%2e%2e",
    ];

    private static readonly string[] PortLabels = ["80", "8080", "443", "abc", "-1", "99999999999", "", "80 ", "\u0668\u0660", "0x50", "+80"];

    private static readonly long[] Ports = [80, 443, 8080, 30000, 0, -1, 65535, 65536, int.MaxValue, int.MinValue, 1L << 40];

    private static readonly string[] ContentTypes =
    [
        "application/json; charset=latin1", "text/plain", "application/x-www-form-urlencoded", "application/problem+json",
        "application/json; charset=utf-16", "multipart/form-data; boundary=x", "json", "application/json;;;", "*/*",
    ];

    private static readonly string[] LabelKeys = ["dupstream.upstream.prefix", "dupstream.upstream.suffix", "dupstream.ignore", "dupstream.file", "dupstream.port", "other", ""];

    private static readonly string[] NodeIds = ["n1", "n2", "n3", "", "missing", "n1\u0000", "N1"];

    private static Gen<string> Text => Gen.Frequency(
        (6, Gen.OneOf(NastyText)),
        (2, Gen.String),
        (1, Gen.Char["{};#\"'\\\n\r\t $/.:[]%\u0000\u00e9\u202e"].Array[0, 12].Select(c => new string(c))));

    private static Gen<string> ServiceName => Gen.Frequency((5, Gen.OneOf("web", "api", "db", "cache", "web.v2", "a_b", "X-1")), (2, Gen.OneOf("Web", "WEB", "API", "x-1", "A_B")), (3, Text));

    private static Gen<string> NodeName => Gen.Frequency((5, Gen.OneOf("node-1", "node-2", "node-3", "localhost")), (2, Text));

    private static Gen<string> Address => Gen.Frequency((5, Gen.OneOf("10.0.0.1", "10.0.0.2", "127.0.0.1", "::1")), (3, Gen.OneOf(Ips)), (1, Text));

    private static Gen<string> Statement => Gen.Frequency(
        (4, Gen.OneOf(GoodStatements)),
        (3, Gen.OneOf(BadStatements)),
        (2, Gen.OneOf(RepeatedStatements)),
        (2, Gen.Select(Gen.OneOf(GoodStatements), Gen.Int[0, 40], Gen.Char, (s, at, c) => s.Insert(Math.Min(at, s.Length), c.ToString()))),
        (1, Text));

    private static Gen<KeyValuePair<string, JsonNode?>> Label => Gen.OneOf(LabelKeys).SelectMany(key => (key switch
    {
        "dupstream.upstream.prefix" or "dupstream.upstream.suffix" => Statement,
        "dupstream.file" => Gen.Frequency((3, Gen.OneOf(FileLabels)), (1, Text)),
        "dupstream.port" => Gen.OneOf(PortLabels),
        _ => Text,
    }).Select(value => new KeyValuePair<string, JsonNode?>(key, value)));

    /// <summary>A value, or now and then a JSON null in its place: the reader lets nulls through inside arrays and maps.</summary>
    private static Gen<JsonNode?> OrNull<T>(Gen<T> gen, int nullOdds = 1)
        where T : JsonNode => Gen.Frequency((30, gen.Select(v => (JsonNode?)v)), (nullOdds, Gen.Const((JsonNode?)null)));

    private static Gen<JsonNode?> Port => Gen.Frequency(
        (24, Gen.Int[1, 65535].Select(p => (JsonNode?)p)),
        (2, Gen.OneOf(Ports).Select(p => (JsonNode?)p)),
        (1, Gen.Int[0, 3].Select(i => i switch { 0 => null, 1 => (JsonNode?)"80", 2 => 1.5, _ => true })));

    private static Gen<JsonObject> PortObject => Gen.Select(Port, Port, (target, published) => new JsonObject { ["TargetPort"] = target, ["PublishedPort"] = published });

    private static Gen<JsonObject> Node => Gen.Select(
        Gen.Frequency((5, Gen.OneOf(NodeIds)), (1, Text)),
        NodeName,
        Address,
        Gen.Int[0, 60],
        (id, name, ip, oddity) => oddity switch
        {
            0 => new JsonObject { ["Id"] = id, ["Name"] = name },
            1 => new JsonObject { ["Id"] = id, ["Name"] = name, ["Ip"] = 7 },
            2 => new JsonObject { ["Id"] = id, ["Name"] = name, ["Ip"] = ip, ["State"] = "down", ["Availability"] = "drain", ["Extra"] = new JsonArray(1, 2) },
            _ => new JsonObject { ["Id"] = id, ["Name"] = name, ["Ip"] = ip },
        });

    private static Gen<JsonObject> Service => Gen.Select(
        ServiceName,
        PortObject.Array[0, 3],
        Gen.Frequency((5, Gen.OneOf(NodeIds)), (1, Text)).Array[0, 4],
        Label.Array[0, 4],
        Gen.Int[0, 80],
        (name, ports, nodes, labels, oddity) =>
        {
            var labelObject = new JsonObject();
            foreach (var (key, value) in labels)
            {
                labelObject[key] = value is not null && key.Length % 7 == 0 && name.Length % 5 == 0 ? null : value;
            }

            var service = new JsonObject
            {
                ["Name"] = name,
                ["Ports"] = new JsonArray([.. ports]),
                ["Nodes"] = new JsonArray([.. nodes.Select(n => n == "missing" && oddity % 2 == 0 ? null : (JsonNode?)n)]),
                ["Labels"] = labelObject,
            };
            switch (oddity)
            {
                case 0: service["Ports"] = "80"; break;
                case 1: service["Nodes"] = null; break;
                case 2: service["Labels"] = new JsonArray("a"); break;
                case 3: service.Remove("Name"); break;
                case 4: service["Labels"] = new JsonObject { ["dupstream.upstream.prefix"] = 5 }; break;
                case 5: service["Ports"]!.AsArray().Add(null); break;
                case 6: service["Labels"] = new JsonObject { ["dupstream.upstream.suffix"] = null }; break;
                case 7: service["Name"] = null; break;
                default: break;
            }

            return service;
        });

    private static Gen<byte[]> SnapshotBody => Gen.Select(OrNull(Node).Array[0, 5], OrNull(Service).Array[0, 6], Gen.Int[0, 60], (nodes, services, oddity) =>
    {
        var root = new JsonObject { ["nodes"] = new JsonArray([.. nodes]), ["services"] = new JsonArray([.. services]) };
        switch (oddity)
        {
            case 0: root["nodes"] = new JsonObject(); break;
            case 1: root.Remove("services"); break;
            case 2: root["extra"] = new JsonObject { ["deep"] = new JsonArray(new JsonObject()) }; break;
            case 3: root["nodes"] = null; break;
            default: break;
        }

        var text = root.ToJsonString();
        // A JsonObject cannot hold a name twice; duplicate names (and the same name in another case) are spliced into the text.
        text = oddity switch
        {
            4 => ReplaceFirst(text, "{\"Id\":", "{\"Id\":\"n9\",\"Id\":"),
            5 => ReplaceFirst(text, "\"Labels\":{", "\"Labels\":{\"dupstream.port\":\"80\",\"dupstream.port\":\"81\","),
            6 => ReplaceFirst(text, "{\"Name\":", "{\"name\":\"other\",\"Name\":"),
            7 => ReplaceFirst(text, "\"services\":", "\"services\":[],\"services\":"),
            8 => ReplaceFirst(text, "{\"TargetPort\":", "{\"PublishedPort\":1,\"TargetPort\":"),
            _ => text,
        };
        return Encoding.UTF8.GetBytes(text);
    });

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }

    /// <summary>Byte-level damage to a valid body: flips, cuts, insertions and repeats.</summary>
    private static Gen<byte[]> MutatedBody => Gen.Select(SnapshotBody, Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 8], (body, how, at, junk) =>
    {
        if (body.Length == 0)
        {
            return junk;
        }

        var position = at % body.Length;
        return how switch
        {
            0 => [.. body.Take(position)],
            1 => [.. body.Take(position), .. junk, .. body.Skip(position)],
            2 => [.. body.Select((b, i) => i >= position && i < position + junk.Length ? (byte)(b ^ junk[i - position]) : b)],
            3 => [.. body.Take(position), .. body.Skip(position / 2)],
            _ => [.. body.Take(position), .. body.Skip(Math.Min(body.Length, position + junk.Length))],
        };
    });

    private static Gen<byte[]> GarbageBody => Gen.Frequency(
        (2, Gen.Byte.Array[0, 200]),
        (2, Gen.Int[1, 200_000].Select(depth => Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth % 3 == 0 ? depth : 0)))),
        (1, Gen.Int[1, 5000].Select(depth => Encoding.ASCII.GetBytes("{\"nodes\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + ",\"services\":[]}"))),
        (2, Gen.OneOf("", "null", "{}", "[]", "1", "\"x\"", "{\"nodes\":[],\"services\":[]}", "{\"nodes\":[],\"services\":[],\"nodes\":[1]}", "\uFEFF{\"nodes\":[],\"services\":[]}", "{\"nodes\":[],\"services\":[]} trailing").Select(Encoding.UTF8.GetBytes)),
        (1, Gen.String.Select(Encoding.UTF8.GetBytes)));

    private static Gen<(string? ContentType, SecretMode Secret, SignatureMode Signature, string? Garbage)> Headers => Gen.Select(
        Gen.Frequency<string?>((17, Gen.Const<string?>("application/json")), (2, Gen.OneOf<string?>(ContentTypes)), (1, Gen.Const((string?)null))),
        Gen.Frequency((17, Gen.Const(SecretMode.Right)), (1, Gen.Const(SecretMode.Wrong)), (1, Gen.Const(SecretMode.Missing)), (1, Gen.Const(SecretMode.Twice))),
        Gen.Frequency((36, Gen.Const(SignatureMode.None)), (2, Gen.Const(SignatureMode.Valid)), (1, Gen.Const(SignatureMode.Stale)), (1, Gen.Const(SignatureMode.Garbage))),
        Gen.Frequency((3, Gen.OneOf("t=1,v1=00", "v1=" + new string('a', 64), "t=x,v1=" + new string('a', 64), "t=1,t=2,v1=" + new string('0', 64), "", ",,,", "t=99999999999999999999999,v1=" + new string('f', 64))), (1, Gen.String)).Select(s => (string?)s),
        (contentType, secret, signature, garbage) => (contentType, secret, signature, garbage));

    private static readonly string[] RequestLines =
    [
        "POST /lb HTTP/1.1", "POST /lb HTTP/1.0", "POST /lb/../lb HTTP/1.1", "POST /%6cb HTTP/1.1", "POST //lb HTTP/1.1", "PUT /lb HTTP/1.1",
        "POST /lb?x=1 HTTP/1.1", "POST http://127.0.0.1/lb HTTP/1.1", "POST /lb HTTP/9.9", "POST  /lb HTTP/1.1", "GARBAGE", "POST /healthz HTTP/1.1",
    ];

    private static readonly string[] RawHeaderLines =
    [
        "X-SECRET: s3cret", "X-SECRET: s3cret\u0000", "X-SECRET : s3cret", "X-SECRET:\ts3cret", "X-SECRET: s3cr\u00e9t", "Content-Type: application/json",
        "Content-Type: application/json\u0000", "Content-Length: -1", "Content-Length: abc", "Content-Length: 99999999999999999999",
        "Content-Length: 1, 2", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip", "X-Dupstream-Signature: t=1,v1=zz", "Host: ",
        "Host: 127.0.0.1", "\u00ff\u00fe: x", ": empty", "No-Colon", "X-Long: " + new string('a', 40_000),
    ];

    /// <summary>Raw HTTP/1.1 with broken request lines, header bytes and lengths; Connection: close so the answer ends the stream.</summary>
    private static Gen<byte[]> RawRequest => Gen.Select<string, string[], byte[], int, byte[]>(
        Gen.OneOf(RequestLines),
        Gen.Frequency((4, Gen.OneOf(RawHeaderLines)), (1, Gen.String.Select(s => "X-Fuzz: " + s.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)))).Array[0, 6],
        Gen.Frequency((3, SnapshotBody), (1, GarbageBody)),
        Gen.Int[0, 3],
        (line, headers, body, lengthMode) =>
        {
            var text = new StringBuilder(line).Append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            foreach (var header in headers)
            {
                text.Append(header).Append("\r\n");
            }

            // Never announce more bytes than are sent: the server would wait for them until it times out.
            text.Append(lengthMode switch
            {
                0 => $"Content-Length: {body.Length}\r\n",
                1 => $"Content-Length: {body.Length / 2}\r\n",
                2 => "",
                _ => $"Content-Length: {body.Length}\r\nContent-Length: {body.Length}\r\n",
            });
            text.Append("\r\n");
            return [.. Encoding.Latin1.GetBytes(text.ToString()), .. body];
        });

    public static Gen<FuzzRequest> Requests => Gen.Frequency(
        (12, Gen.Select(SnapshotBody, Headers, (body, h) => new FuzzRequest("snapshot", body, h.ContentType, h.Secret, h.Signature, h.Garbage, null))),
        (4, Gen.Select(MutatedBody, Headers, (body, h) => new FuzzRequest("mutated", body, h.ContentType, h.Secret, h.Signature, h.Garbage, null))),
        (2, Gen.Select(GarbageBody, Headers, (body, h) => new FuzzRequest("garbage", body, h.ContentType, h.Secret, h.Signature, h.Garbage, null))),
        (2, RawRequest.Select(raw => new FuzzRequest("raw", [], null, SecretMode.Right, SignatureMode.None, null, raw))));
}
