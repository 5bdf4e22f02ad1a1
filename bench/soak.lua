-- wrk script for bench/soak.sh: GET /api/search?q=... over the query strings of the
-- file named by QUERIES (bench/queries.lua), with the answers counted by status, so
-- that a 5xx is told from a 4xx or a socket error.
dofile("bench/queries.lua")

local all = {}

function setup(thread)
  thread:set("offset", #all * 7919)
  table.insert(all, thread)
end

function init(args)
  counter = offset or 0
  s4, s5 = 0, 0
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1 end
end

function done(summary, latency, requests)
  local c4, c5 = 0, 0
  for _, t in ipairs(all) do
    c4 = c4 + t:get("s4")
    c5 = c5 + t:get("s5")
  end
  local e = summary.errors
  io.write(string.format("WRK rps %.1f p50_ms %.3f p99_ms %.3f requests %d s4xx %d s5xx %d " ..
                         "socket_errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, c4, c5,
    e.connect + e.read + e.write + e.timeout))
end
