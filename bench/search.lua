-- wrk script for bench/run.sh: GET /api/search?q=... over the query strings of the
-- file named by QUERIES (bench/queries.lua), each thread from its own offset.
dofile("bench/queries.lua")

local threads = 0

function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

function init(args)
  counter = offset or 0
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK rps %.1f p50_ms %.3f p99_ms %.3f mean_ms %.3f requests %d errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000, summary.requests, errors))
end
