-- wrk script for bench/load_test.py: signed-in users walking a mix of pages.
--
--   wrk -t2 -c50 -d60s -s bench/load_test.lua http://127.0.0.1:PORT/ -- REQUESTS_FILE
--
-- REQUESTS_FILE has one request per line: "<session cookie value>\t<path>", written by
-- load_test.py (sessions for trust staff and oversight users; paths for the dashboard, the list,
-- the task list and the agreement page). Each thread starts at a different place in the list.
-- Every request carries X-Forwarded-Proto: https, as the TLS-terminating proxy in front of
-- gunicorn would (so the production settings' HTTPS redirect does not apply on loopback).
-- No delay(): with gunicorn's sync workers closing every connection, wrk counts a delay() pause in
-- the latency it reports, so the load is a closed loop (each connection is one busy user).

local requests = {}
local position = 1

local counter = 0

-- Runs in the main state once per thread: give each thread its number (a global in its own state).
function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local cookie, path = line:match("^([^\t]+)\t(.+)$")
    if cookie then
      table.insert(requests, wrk.format("GET", path, {
        ["Cookie"] = "sessionid=" .. cookie,
        ["X-Forwarded-Proto"] = "https",
        ["Accept"] = "text/html",
      }))
    end
  end
  file:close()
  position = ((thread_number or 1) * 7919) % #requests + 1
end

function request()
  local next_request = requests[position]
  position = position % #requests + 1
  return next_request
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read, errors.write, errors.status,
    errors.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
