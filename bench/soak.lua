-- wrk script of bench/soak.sh: a fixed mix of requests, and a count of every answer the mix did
-- not expect. wrk's own "Non-2xx" would count the misses' 404s, which are the right answer.
--
--   wrk ... -s bench/soak.lua URL -- MIX WORDS_FILE DICT_PREFIX CONNECTIONS
--
-- MIX is one of (weights per 100 requests, fixed so runs compare):
--   homepage    static 40, lookup 35, prefix 8, miss 2, post 15   (coronet-homepage)
--   dictionary  lookup 78, prefix 18, miss 4                      (coronet-dictionary's HTTP)
--   static      static 100                                        (the reference: nginx, or
--                                                                  the homepage, same files)
-- and the static part is always the same files in the same proportions: index 12, style.css
-- 10, the SVG 8, favicon 5, form page 5 (of 40). WORDS_FILE holds words of the store, one a
-- line (letters only); DICT_PREFIX is where the dictionary is mounted ("/dict" or ""); CONNECTIONS
-- is wrk's -c (at most that many misses can be unanswered when wrk stops).
--
--   lookup  GET  {DICT_PREFIX}/words/{a random word}                200
--   prefix  GET  {DICT_PREFIX}/words?prefix={its first 3 letters}&limit=10   200
--   miss    GET  {DICT_PREFIX}/words/{a word}zqx (not in the store) 404 naming the word
--   post    POST /echo, an urlencoded form of three fields         200
--
-- Expected: every 200, and a 404 whose body names a miss's word. Anything else counts as
-- unexpected; with wrk's socket errors and timeouts it is printed by done(), and wrk then
-- exits with status 1 (the numbers of a run with errors mean nothing).

local MISS_MARK = "zqx"   -- no English word ends so: the miss is certain, and its 404 recognisable

local static_files = {
    { path = "/", weight = 12 },
    { path = "/style.css", weight = 10 },
    { path = "/images/coronet.svg", weight = 8 },
    { path = "/favicon.ico", weight = 5 },
    { path = "/form.html", weight = 5 },
}
local mixes = {
    homepage = { static = 40, lookup = 35, prefix = 8, miss = 2, post = 15 },
    dictionary = { lookup = 78, prefix = 18, miss = 4 },
    static = { static = 100 },
}
local kinds = { "static", "lookup", "prefix", "miss", "post" }

-- Per wrk thread (each has its own Lua state): what was sent and what came back.
sent = {}
unexpected = 0
expected_404 = 0
first_unexpected = ""      -- the first few, to say what went wrong

local words, dict, table_of_kinds, static_table = {}, "", {}, {}

-- An array of 100 entries in which each choice appears `weight` times: a draw is one index.
local function weighted(choices)
    local t = {}
    for _, c in ipairs(choices) do
        for _ = 1, c.weight do t[#t + 1] = c.value end
    end
    assert(#t == 100 or #t == 40, "weights must sum to 100 (the static part to 40)")
    return t
end

local threads = {}
function setup(thread)
    threads[#threads + 1] = thread
    thread:set("thread_id", #threads)
end

function init(args)
    local mix = mixes[args[1]]
    assert(mix, "first script argument: homepage, dictionary or static")
    for line in io.lines(args[2]) do words[#words + 1] = line end
    assert(#words > 0, "no words in " .. args[2])
    dict = args[3] or ""
    connections = tonumber(args[4])
    assert(connections, "fourth script argument: wrk's connections")
    local choices = {}
    for _, k in ipairs(kinds) do
        if mix[k] then choices[#choices + 1] = { value = k, weight = mix[k] } end
        sent[k] = 0
    end
    table_of_kinds = weighted(choices)
    local files = {}
    for _, f in ipairs(static_files) do files[#files + 1] = { value = f.path, weight = f.weight } end
    static_table = weighted(files)
    math.randomseed(2026 + (thread_id or 0))
end

local function random_word() return words[math.random(#words)] end

local post_headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local serial = 0

function request()
    local kind = table_of_kinds[math.random(#table_of_kinds)]
    sent[kind] = sent[kind] + 1
    if kind == "static" then
        return wrk.format("GET", static_table[math.random(#static_table)])
    elseif kind == "lookup" then
        return wrk.format("GET", dict .. "/words/" .. random_word())
    elseif kind == "prefix" then
        return wrk.format("GET", dict .. "/words?prefix=" .. random_word():sub(1, 3) .. "&limit=10")
    elseif kind == "miss" then
        return wrk.format("GET", dict .. "/words/" .. random_word() .. MISS_MARK)
    else
        serial = serial + 1
        local body = "name=" .. random_word() .. "&message=hello+world+%26+more&serial=" .. serial
        return wrk.format("POST", "/echo", post_headers, body)
    end
end

function response(status, headers, body)
    if status == 200 then return end
    -- A miss's answer: {"error":"not found","word":"...zqx",...}
    if status == 404 and body:find(MISS_MARK .. '"', 1, true) then
        expected_404 = expected_404 + 1
        return
    end
    unexpected = unexpected + 1
    if unexpected <= 3 then
        local excerpt = body:sub(1, 120):gsub("%s+", " ")
        first_unexpected = first_unexpected .. string.format(" [%d %s]", status, excerpt)
    end
end

-- Main Lua state, after the run: sums over the threads, one line each, then the verdict.
function done(summary, latency, requests)
    local total = { unexpected = 0, expected_404 = 0 }
    local detail = ""
    for _, k in ipairs(kinds) do total[k] = 0 end
    for _, t in ipairs(threads) do
        total.unexpected = total.unexpected + t:get("unexpected")
        total.expected_404 = total.expected_404 + t:get("expected_404")
        detail = detail .. t:get("first_unexpected")
        local s = t:get("sent")
        for _, k in ipairs(kinds) do total[k] = total[k] + (s[k] or 0) end
    end
    local e = summary.errors
    local socket_errors = e.connect + e.read + e.write + e.timeout
    io.write(string.format("soak sent: static=%d lookup=%d prefix=%d miss=%d post=%d\n",
        total.static, total.lookup, total.prefix, total.miss, total.post))
    -- Every miss sent was answered 404, but for those still in flight when wrk stopped.
    local unanswered = total.miss - total.expected_404
    io.write(string.format("soak misses: %d sent, %d answered 404\n", total.miss, total.expected_404))
    io.write(string.format("soak errors: unexpected=%d connect=%d read=%d write=%d timeout=%d%s\n",
        total.unexpected, e.connect, e.read, e.write, e.timeout, detail))
    if total.unexpected + socket_errors > 0 or unanswered < 0 or unanswered > threads[1]:get("connections") then
        io.write("soak FAILED\n")
        io.flush()
        os.exit(1)
    end
end
