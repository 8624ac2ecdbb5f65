using System.Text;
using System.Text.Json;

namespace Dupstream.Contracts.Tests;

public sealed class SnapshotJsonTests
{
    [Fact]
    public void Reads_the_payload_of_the_original_readme()
    {
        var snapshot = SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(SeedExample.Json));

        var node = Assert.Single(snapshot.Nodes);
        Assert.Equal("xvvpn493yqrvtove74o33o9sf", node.Id);
        Assert.Equal("linuxkit-025000000001", node.Name);
        Assert.Equal("192.168.65.3", node.Ip);
        Assert.Null(node.State);
        Assert.Collection(
            snapshot.Services,
            nginx =>
            {
                Assert.Equal("nginx", nginx.Name);
                Assert.Equal(new SnapshotPort { TargetPort = 80, PublishedPort = 9099 }, Assert.Single(nginx.Ports));
                Assert.Equal(["xvvpn493yqrvtove74o33o9sf"], nginx.Nodes);
                Assert.Equal("least_conn", nginx.Labels["mono.upstream.mode"]);
            },
            redis =>
            {
                Assert.Equal("redis", redis.Name);
                Assert.Empty(redis.Labels);
            });
    }

    [Fact]
    public void Writes_the_property_names_of_the_original_readme()
    {
        var original = SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(SeedExample.Json));

        var written = Encoding.UTF8.GetString(SnapshotJson.Serialize(original));

        // The original README's example minus white space, plus the two node fields the original watcher also sends.
        var expected = Minify(SeedExample.Json).Replace(
            "\"Ip\":\"192.168.65.3\"",
            "\"Ip\":\"192.168.65.3\",\"State\":null,\"Availability\":null",
            StringComparison.Ordinal);
        Assert.Equal(expected, written);
    }

    [Fact]
    public void Equal_snapshots_serialise_to_identical_bytes()
    {
        var a = SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(SeedExample.Json));
        var b = SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(SeedExample.Json));

        Assert.Equal(SnapshotJson.Serialize(a), SnapshotJson.Serialize(b));
    }

    [Fact]
    public void Indented_form_reads_back_to_the_same_snapshot()
    {
        var snapshot = SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(SeedExample.Json));

        var again = SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(SnapshotJson.SerializeIndented(snapshot)));

        Assert.Equal(SnapshotJson.Serialize(snapshot), SnapshotJson.Serialize(again));
        Assert.Contains('\n', SnapshotJson.SerializeIndented(snapshot));
    }

    [Theory]
    [InlineData("""{"services":[]}""", "nodes")]
    [InlineData("""{"nodes":[]}""", "services")]
    [InlineData("""{"nodes":null,"services":[]}""", "nodes")]
    [InlineData("""{"nodes":[{"Id":"a","Name":"n"}],"services":[]}""", "Ip")]
    [InlineData("""{"nodes":[],"services":[{"Ports":[]}]}""", "Name")]
    [InlineData("""{"nodes":[],"services":[{"Name":"s","Labels":null}]}""", "Labels")]
    [InlineData("""{"nodes":[],"services":[{"Name":"s","Ports":[{"TargetPort":"80","PublishedPort":1}]}]}""", "TargetPort")]
    public void Rejects_a_payload_that_lacks_or_mistypes_a_field_and_names_it(string json, string field)
    {
        var error = Assert.ThrowsAny<JsonException>(() => SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_json_null()
    {
        Assert.Throws<JsonException>(() => SnapshotJson.Deserialize("null"u8));
    }

    [Fact]
    public void Missing_optional_service_fields_default_to_empty()
    {
        var snapshot = SnapshotJson.Deserialize("""{"nodes":[],"services":[{"Name":"s"}]}"""u8);

        var service = Assert.Single(snapshot.Services);
        Assert.Empty(service.Ports);
        Assert.Empty(service.Nodes);
        Assert.Empty(service.Labels);
    }

    private static string Minify(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
