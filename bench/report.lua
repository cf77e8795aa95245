-- wrk script: stop each thread after a number of requests, then report as one JSON line.
-- Usage: wrk ... -s report.lua URL -- MAX_REQUESTS_PER_THREAD ["HEADER: VALUE" ...] [/PATH ...]
-- (0 requests: no limit). Paths are for mix.lua, which requests them in turn.
local limit, counted = 0, 0
paths = {}

function init(args)
  limit = tonumber(args[1]) or 0
  for i = 2, #args do
    if args[i]:sub(1, 1) == "/" then
      paths[#paths + 1] = args[i]
    else
      local name, value = args[i]:match("^([^:]+):%s*(.*)$")
      wrk.headers[name] = value
    end
  end
end

function response(status, headers, body)
  counted = counted + 1
  if limit > 0 and counted >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.6f, "p50_ms": %.3f, "p95_ms": %.3f, "max_ms": %.3f, ' ..
    '"bytes": %d, "connect_errors": %d, "read_errors": %d, "timeouts": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency.max / 1e3, summary.bytes,
    errors.connect, errors.read + errors.write, errors.timeout, errors.status))
end
