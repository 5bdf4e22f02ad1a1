-- What bench/search.lua and bench/soak.lua share (dofile'd from the checkout's root,
-- where run.sh and soak.sh run wrk): GET /api/search?q=... cycling through the query
-- strings of the file named by the environment variable QUERIES (one per line), each
-- thread from the `offset` its script's setup() gave it, so that connections do not
-- ask the same thing at once.
local queries = {}
local n = 0

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

for line in io.lines(os.getenv("QUERIES")) do
  if #line > 0 then
    n = n + 1
    queries[n] = "/api/search?q=" .. urlencode(line)
  end
end

function request()
  counter = counter + 1
  return wrk.format("GET", queries[(counter % n) + 1])
end
