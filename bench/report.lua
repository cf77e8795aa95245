-- wrk script: headers to send, then the report as one JSON line.
-- Usage: wrk ... -s report.lua URL -- ["HEADER: VALUE" ...] [/PATH ...]
-- Paths are for mix.lua, which requests them in turn. No response() function: with one,
-- wrk hands every body to Lua, which costs the load generator (on the server's cores)
-- more the larger the answer (a 400 KiB feed).
paths = {}

function init(args)
  for i = 1, #args do
    if args[i]:sub(1, 1) == "/" then
      paths[#paths + 1] = args[i]
    else
      local name, value = args[i]:match("^([^:]+):%s*(.*)$")
      wrk.headers[name] = value
    end
  end
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
