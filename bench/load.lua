-- The request script of bench/service.py for wrk (https://github.com/wg/wrk).
--
-- wrk -s bench/load.lua URL -- MODE PATH TOKEN TAG [IDS_FILE]
--   MODE      get: GET PATH; create: POST PATH with a name no other request uses;
--             update: PATCH PATH/<id> with a new description, for the ids in IDS_FILE
--   TOKEN     the bearer token to send, or - for none
--   TAG       what makes this run's names and descriptions unique
--   IDS_FILE  update only: one id per line; each thread takes its share and never
--             sends two requests for the same row at once (the optimistic lock would
--             refuse the second)
-- Every answer outside 2xx is counted; done() prints one line, "BENCH-JSON {...}", with
-- the counts and the latency percentiles (microseconds) for bench/service.py to read.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

local function read_ids(file, share, shares)
  local ids = {}
  local index = 0
  for line in io.lines(file) do
    if line ~= "" then
      if index % shares == share - 1 then
        table.insert(ids, line)
      end
      index = index + 1
    end
  end
  return ids
end

function init(args)
  mode, path, token, tag = args[1], args[2], args[3], args[4]
  sent, good, bad = 0, 0, 0
  statuses = {}
  headers = {}
  if token ~= "-" then
    headers["Authorization"] = "Bearer " .. token
  end
  if mode == "get" then
    fixed = wrk.format("GET", path, headers)
  elseif mode == "create" or mode == "update" then
    headers["Content-Type"] = "application/json"
  else
    error("unknown mode " .. tostring(mode))
  end
  if mode == "update" then
    -- The thread count is only known once every thread is set up: wrk passes it in args.
    free = read_ids(args[5], number, tonumber(args[6]))
    if #free == 0 then
      error("no ids for thread " .. number)
    end
    first, last = 1, #free
    fallback = 0
  end
end

local function take()
  if first <= last then
    local id = free[first]
    free[first] = nil
    first = first + 1
    return id
  end
  -- Every row of this thread is in flight (some answers were lost): reuse one; a conflict
  -- then shows as an error rather than as a stall.
  fallback = fallback + 1
  return free[fallback % #free + 1] or "00000000-0000-0000-0000-000000000000"
end

local function give_back(id)
  last = last + 1
  free[last] = id
end

function request()
  sent = sent + 1
  if mode == "get" then
    return fixed
  end
  local unique = tag .. "-" .. number .. "-" .. sent
  if mode == "create" then
    local body = '{"name":"Bench ' .. unique .. '","description":"Created by the bench.",'
      .. '"quantity":1}'
    return wrk.format("POST", path, headers, body)
  end
  local body = '{"description":"Updated by the bench, ' .. unique .. '."}'
  return wrk.format("PATCH", path .. "/" .. take(), headers, body)
end

function response(status, _, body)
  if status >= 200 and status < 300 then
    good = good + 1
  else
    bad = bad + 1
  end
  statuses[status] = (statuses[status] or 0) + 1
  if mode == "update" then
    local id = body and body:match('"id":"([%x%-]+)"')
    if id then
      give_back(id)
    end
  end
end

function done(summary, latency, _)
  local good_total, bad_total, merged = 0, 0, {}
  for _, thread in ipairs(threads) do
    good_total = good_total + (thread:get("good") or 0)
    bad_total = bad_total + (thread:get("bad") or 0)
    for code, count in pairs(thread:get("statuses") or {}) do
      merged[code] = (merged[code] or 0) + count
    end
  end
  local status_parts = {}
  for code, count in pairs(merged) do
    table.insert(status_parts, '"' .. code .. '":' .. count)
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"good":%d,"bad":%d,"statuses":{%s},'
      .. '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},'
      .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, good_total, bad_total, table.concat(status_parts, ","),
    errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max
  ))
end
