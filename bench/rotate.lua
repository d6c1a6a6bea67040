-- wrk script: each request takes the next query from a file, so no single answer is hot.
-- Usage: wrk -s rotate.lua URL -- QUERY_FILE PATH_PREFIX [htmx] [count5xx]
local queries = {}
local index = 0
local prefix = "/search?q="
local htmx = false
local threads = {}
server_errors = 0  -- global: done() reads it from each thread's state

-- Counting 5xx needs a response() hook, which makes wrk hand every body to Lua;
-- only the soak asks for it (4th argument "count5xx"), the benchmarks do not pay.
local function count_server_errors(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    queries[#queries + 1] = line
  end
  prefix = args[2] or prefix
  htmx = args[3] == "htmx"
  if args[4] == "count5xx" then response = count_server_errors end
  -- Threads start at different points of the list.
  index = math.random(#queries)
end

function request()
  index = index % #queries + 1
  local headers = {}
  if htmx then headers["HX-Request"] = "true" end
  return wrk.format("GET", prefix .. queries[index], headers)
end

function done(summary, latency, requests)
  local fives = 0
  for _, thread in ipairs(threads) do fives = fives + (thread:get("server_errors") or 0) end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT {\"requests\": %d, \"seconds\": %.3f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"errors\": %d, "
      .. "\"non2xx\": %d, \"server_errors\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status, fives))
end
