-- dupstream's balancer for apply_mode "lua" (issue #13; the contract is LUA-CONTRACT.md of the receiver).
--
-- The receiver PUTs the peers of every upstream to the control endpoint (dupstream-lua.conf); they are kept in the
-- shared dict so that every worker, and the next generation of workers after a reload, sees them without a reload.
-- Shared dict layout (dupstream_peers):
--   "version"      the version of the text last applied
--   "names"        the upstream names, '\n'-separated, sorted as in the text (for GET and for removals)
--   "u:<name>"     the peers of one upstream, "ip:port ip:port ..." (may be "")
--   "g:<name>"     the generation the entry was last changed in: a worker re-reads "u:" only when it moved,
--                  so a request costs one number lookup, never a parse
--   "gen"          the last generation handed out
-- In-flight counts (least_conn, random_two) live in dupstream_inflight, so that the counters can never evict peers.

local balancer = require("ngx.balancer")

local ngx = ngx
local crc32 = ngx.crc32_long
local md5 = ngx.md5
local concat = table.concat
local sub = string.sub
local find = string.find
local match = string.match
local gmatch = string.gmatch
local tonumber = tonumber
local random = math.random

local M = {}

local VERSION_PATTERN = "^# dupstream%-peers (" .. string.rep("[0-9a-f]", 16) .. ")$"
local NAME_PATTERN = "^[%w_%.%-]+$"

-- Per worker: name -> { gen = number, peers = { { addr, port, id }, ... } }; rotation survives a new generation.
local cache = {}
local rotation = {}
local seeded = false

local function peers_dict()
    return ngx.shared.dupstream_peers
end

local function inflight_dict()
    return ngx.shared.dupstream_inflight
end

-- Parsing -----------------------------------------------------------------------------------------------------

local function valid_port(text)
    if not match(text, "^%d+$") or #text > 5 then
        return nil
    end
    local port = tonumber(text)
    if port < 1 or port > 65535 then
        return nil
    end
    return port
end

-- Returns addr (as set_current_peer takes it), port, or nil and a reason.
local function parse_peer(text)
    local a, b, c, d, port_text = match(text, "^(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?):(%d*)$")
    local addr
    if a then
        if tonumber(a) > 255 or tonumber(b) > 255 or tonumber(c) > 255 or tonumber(d) > 255 then
            return nil, "bad address in peer '" .. text .. "'"
        end
        addr = sub(text, 1, #a + #b + #c + #d + 3)
    else
        addr, port_text = match(text, "^(%[[%x:%.]+%]):(%d*)$")
        if not addr then
            return nil, "bad address in peer '" .. text .. "' (want a.b.c.d:port or [ipv6]:port)"
        end
        local colons = select(2, string.gsub(addr, ":", ""))
        if colons < 2 or colons > 7 then
            return nil, "bad address in peer '" .. text .. "'"
        end
    end
    local port = valid_port(port_text)
    if not port then
        return nil, "bad port in peer '" .. text .. "' (want 1-65535)"
    end
    return addr, port
end

-- Parses the whole peers text; returns { version = ..., names = { ... }, peers = { name -> "ip:port ..." } } or
-- nil and the reason (the first bad line, counted from 1). known(name), when given, returns the peers already
-- stored (so validated before): an unchanged line is not validated again, which keeps a PUT of 2,000 upstreams in
-- which one changed cheap for the worker serving it.
local function parse(text, known)
    if type(text) ~= "string" or text == "" then
        return nil, "empty body"
    end
    if find(text, "\r", 1, true) then
        return nil, "carriage return in the text (lines end with '\\n')"
    end
    if sub(text, -1) ~= "\n" then
        text = text .. "\n"
    end
    local result = { names = {}, peers = {} }
    local number = 0
    for line in gmatch(text, "([^\n]*)\n") do
        number = number + 1
        if number == 1 then
            result.version = match(line, VERSION_PATTERN)
            if not result.version then
                return nil, "line 1: want '# dupstream-peers <16 lowercase hex digits>'"
            end
        else
            local name, peers = match(line, "^([^ ]+) ?(.*)$")
            if not name or (peers == "" and sub(line, -1) == " ") or find(peers, "  ", 1, true)
                or sub(peers, 1, 1) == " " or sub(peers, -1) == " " then
                return nil, "line " .. number .. ": want '<upstream> <ip>:<port> ...' separated by single spaces"
            end
            if not match(name, NAME_PATTERN) then
                return nil, "line " .. number .. ": bad upstream name '" .. name .. "'"
            end
            if result.peers[name] then
                return nil, "line " .. number .. ": upstream '" .. name .. "' listed twice"
            end
            if not known or known(name) ~= peers then
                for peer in gmatch(peers, "[^ ]+") do
                    local ok, err = parse_peer(peer)
                    if not ok then
                        return nil, "line " .. number .. ": " .. err
                    end
                end
            end
            result.names[#result.names + 1] = name
            result.peers[name] = peers
        end
    end
    return result
end

local function stored_peers(name)
    return ngx.shared.dupstream_peers:get("u:" .. name)
end

-- Storing -----------------------------------------------------------------------------------------------------

local function split_names(text)
    local names = {}
    if text and text ~= "" then
        for name in gmatch(text, "[^\n]+") do
            names[#names + 1] = name
        end
    end
    return names
end

-- Puts back what apply changed before a write failed (safe_set never evicts, so a full dict fails instead of
-- silently dropping other upstreams).
local function restore(dict, undo)
    for i = #undo, 1, -1 do
        local entry = undo[i]
        if entry.value == nil then
            dict:delete(entry.key)
        else
            dict:set(entry.key, entry.value)
        end
    end
end

-- Stores a parsed text; upstreams whose peers did not change keep their generation (and so the workers' caches).
local function apply(parsed)
    local dict = peers_dict()
    local gen, err = dict:incr("gen", 1, 0)
    if not gen then
        return nil, "cannot count generations: " .. tostring(err)
    end
    local undo = {}
    local function put(key, value)
        undo[#undo + 1] = { key = key, value = dict:get(key) }
        if value == nil then
            dict:delete(key)
            return true
        end
        local ok, set_err = dict:safe_set(key, value)
        if not ok then
            restore(dict, undo)
            return nil, "shared dict dupstream_peers: " .. tostring(set_err) .. " (raise lua_shared_dict_size)"
        end
        return true
    end

    local listed = {}
    for _, name in ipairs(parsed.names) do
        listed[name] = true
        local peers = parsed.peers[name]
        if dict:get("u:" .. name) ~= peers or dict:get("g:" .. name) == nil then
            -- Peers first, then the generation: a worker that sees the new generation finds the new peers.
            local ok, put_err = put("u:" .. name, peers)
            if not ok then return nil, put_err end
            ok, put_err = put("g:" .. name, gen)
            if not ok then return nil, put_err end
        end
    end
    for _, name in ipairs(split_names(dict:get("names"))) do
        if not listed[name] then
            put("g:" .. name, nil)
            put("u:" .. name, nil)
        end
    end
    local ok, put_err = put("names", concat(parsed.names, "\n"))
    if not ok then return nil, put_err end
    ok, put_err = put("version", parsed.version)
    if not ok then return nil, put_err end
    return parsed.version
end

-- The text as held in memory, in the format of the file.
local function dump()
    local dict = peers_dict()
    local out = { "# dupstream-peers " .. (dict:get("version") or "0000000000000000") }
    for _, name in ipairs(split_names(dict:get("names"))) do
        local peers = dict:get("u:" .. name)
        out[#out + 1] = (peers and peers ~= "") and (name .. " " .. peers) or name
    end
    return concat(out, "\n") .. "\n"
end

M.parse = parse

-- Loads the peers file into the shared dict (init_by_lua: at start, at every reload, and in `nginx -t`).
function M.load_file(path)
    local file, open_err = io.open(path, "rb")
    if not file then
        ngx.log(ngx.WARN, "dupstream: no peers file (", tostring(open_err), "): upstreams stay as they were")
        return nil, open_err
    end
    local text = file:read("*a")
    file:close()
    local parsed, err = parse(text, stored_peers)
    if not parsed then
        ngx.log(ngx.ERR, "dupstream: peers file ", path, " refused, memory left as it was: ", err)
        return nil, err
    end
    local version, apply_err = apply(parsed)
    if not version then
        ngx.log(ngx.ERR, "dupstream: peers file ", path, " not applied: ", apply_err)
        return nil, apply_err
    end
    return version
end

-- Control endpoint --------------------------------------------------------------------------------------------

local function answer(status, text)
    ngx.status = status
    ngx.header["Content-Type"] = "text/plain"
    ngx.print(text)
    return ngx.exit(status)
end

local function request_body()
    ngx.req.read_body()
    local body = ngx.req.get_body_data()
    if body then
        return body
    end
    -- Bigger than client_body_buffer_size: nginx kept it in a temp file.
    local path = ngx.req.get_body_file()
    if not path then
        return nil
    end
    local file = io.open(path, "rb")
    if not file then
        return nil
    end
    body = file:read("*a")
    file:close()
    return body
end

function M.control()
    if ngx.var.remote_addr ~= "unix:" then
        return answer(403, "the control endpoint answers only on its unix socket\n")
    end
    if ngx.var.uri ~= "/dupstream/peers" then
        return answer(404, "not found: use /dupstream/peers\n")
    end
    local method = ngx.req.get_method()
    if method == "GET" then
        return answer(200, dump())
    end
    if method ~= "PUT" then
        ngx.header["Allow"] = "GET, PUT"
        return answer(405, "method not allowed: use GET or PUT\n")
    end
    local parsed, err = parse(request_body(), stored_peers)
    if not parsed then
        return answer(400, err .. "\n")
    end
    local version, apply_err = apply(parsed)
    if not version then
        return answer(500, apply_err .. "\n")
    end
    return answer(200, version .. "\n")
end

-- Balancing ---------------------------------------------------------------------------------------------------

-- The peers of an upstream for this worker, re-read only when its generation moved; nil when unknown.
local function peers_of(name)
    local dict = peers_dict()
    local gen = dict:get("g:" .. name)
    if gen == nil then
        cache[name] = nil
        return nil
    end
    local entry = cache[name]
    if entry and entry.gen == gen then
        return entry.peers
    end
    local peers = {}
    for id in gmatch(dict:get("u:" .. name) or "", "[^ ]+") do
        local addr, port = parse_peer(id)
        if addr then
            peers[#peers + 1] = { addr = addr, port = port, id = id }
        end
    end
    cache[name] = { gen = gen, peers = peers }
    return peers
end

local function next_rotation(name, count)
    local index = (rotation[name] or 0) % count + 1
    rotation[name] = index
    return index
end

local function inflight_key(name, peer)
    return name .. " " .. peer.id
end

local function inflight(name, peer)
    return inflight_dict():get(inflight_key(name, peer)) or 0
end

local function least_conn(name, peers)
    local count = #peers
    local start = next_rotation(name, count)
    local best, best_load
    for offset = 0, count - 1 do
        local index = (start + offset - 1) % count + 1
        local load = inflight(name, peers[index])
        if not best_load or load < best_load then
            best, best_load = index, load
        end
    end
    return best
end

local function seed()
    if not seeded then
        math.randomseed(ngx.now() * 1000 + ngx.worker.pid())
        seeded = true
    end
end

local function random_two(name, peers)
    local count = #peers
    local first = random(count)
    if count == 1 then
        return first
    end
    local second = random(count - 1)
    if second >= first then
        second = second + 1
    end
    if inflight(name, peers[second]) < inflight(name, peers[first]) then
        return second
    end
    return first
end

local function substitute(key)
    return (string.gsub(key, "%$({?)([%w_]+)(}?)", function(open, var, close)
        if (open == "{") ~= (close == "}") then
            return nil
        end
        return ngx.var[var] or ""
    end))
end

-- Highest random weight: the score of a (key, peer) pair must look independent of the other peers' scores. crc32
-- is linear (the scores of two peers differ by a constant XOR for every key), which skews the ranking; md5 is not.
local function rendezvous(key, peers)
    local best, best_score
    for index, peer in ipairs(peers) do
        local score = tonumber(sub(md5(key .. " " .. peer.id), 1, 8), 16)
        if not best_score or score > best_score then
            best, best_score = index, score
        end
    end
    return best
end

local function ip_hash_key()
    local addr = ngx.var.remote_addr or ""
    local prefix = match(addr, "^(%d+%.%d+%.%d+)%.%d+$")
    return prefix or addr
end

local function first_pick(name, method, key, consistent, peers)
    if method == "round_robin" then
        return next_rotation(name, #peers)
    elseif method == "least_conn" then
        return least_conn(name, peers)
    elseif method == "ip_hash" then
        return crc32(ip_hash_key()) % #peers + 1
    elseif method == "hash" then
        local value = substitute(key or "")
        if consistent then
            return rendezvous(value, peers)
        end
        return crc32(value) % #peers + 1
    elseif method == "random" then
        seed()
        return random(#peers)
    elseif method == "random_two" then
        seed()
        return random_two(name, peers)
    end
    return nil
end

local counts_inflight = { least_conn = true, random_two = true }

local function fail(message, ...)
    ngx.log(ngx.ERR, "dupstream: ", message, ...)
    -- NGX_BUSY: nginx counts it as "no live upstreams" and answers 502 (ngx.ERROR would be a 500).
    return ngx.exit(-3)
end

-- Picks the peer of this try. The first try of a request allows one try per peer (nginx's own count comes from
-- the server lines of the loaded config, which a PUT does not change); each retry takes the next peer not yet
-- tried, so a dead peer costs one try, not the request.
function M.balance(name, method, key, consistent)
    local ctx = ngx.ctx
    local state = ctx.dupstream
    local peers, index
    if not state then
        peers = peers_of(name)
        if not peers then
            return fail("unknown upstream '", name, "'")
        end
        if #peers == 0 then
            return fail("upstream '", name, "' has no peers")
        end
        index = first_pick(name, method, key, consistent, peers)
        if not index then
            return fail("unknown balancing method '", tostring(method), "' for upstream '", name, "'")
        end
        state = { name = name, peers = peers, tried = {}, tries = 0 }
        ctx.dupstream = state
        if #peers > 1 then
            local ok, err = balancer.set_more_tries(#peers - 1)
            if not ok then
                ngx.log(ngx.ERR, "dupstream: set_more_tries: ", err)
            end
        end
    else
        -- A retry: the same list as the first try (a PUT in between does not reshuffle one request).
        peers = state.peers
        if state.counted then
            inflight_dict():incr(inflight_key(name, state.counted), -1, 0)
            state.counted = nil
        end
        local count = #peers
        for offset = 1, count do
            local candidate = (state.last + offset - 1) % count + 1
            if not state.tried[candidate] then
                index = candidate
                break
            end
        end
        if not index then
            return fail("every peer of upstream '", name, "' was tried")
        end
    end

    local peer = peers[index]
    state.tried[index] = true
    state.last = index
    state.tries = state.tries + 1
    local ok, err = balancer.set_current_peer(peer.addr, peer.port)
    if not ok then
        return fail("cannot use peer ", peer.id, " of upstream '", name, "': ", err)
    end
    if counts_inflight[method] then
        inflight_dict():incr(inflight_key(name, peer), 1, 0)
        state.counted = peer
    end
end

-- http-level log phase: the request is over, its peer no longer in flight.
function M.log()
    local state = ngx.ctx.dupstream
    if state and state.counted then
        inflight_dict():incr(inflight_key(state.name, state.counted), -1, 0)
        state.counted = nil
    end
end

return M
