-- wrk script for bench/run.sh: GET /api/search?q=... cycling through the query
-- strings of the file named by the environment variable QUERIES (one per line), each
-- thread from its own offset so that connections do not ask the same thing at once.
local queries = {}
local n = 0

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local path = os.getenv("QUERIES")
for line in io.lines(path) do
  if #line > 0 then
    n = n + 1
    queries[n] = "/api/search?q=" .. urlencode(line)
  end
end

local counter = 0
local threads = 0

function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", queries[(counter % n) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK rps %.1f p50_ms %.3f p99_ms %.3f mean_ms %.3f requests %d errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000, summary.requests, errors))
end
