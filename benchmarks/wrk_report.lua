-- wrk's report as one JSON line: requests, non-2xx and socket errors, seconds, and latency
-- percentiles in microseconds (bench_api.py reads it). Used with `wrk -s wrk_report.lua`.
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format(
    '{"requests": %d, "errors": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f}\n',
    summary.requests, errors, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
