-- wrk script of `make load` (xmille/management/commands/load.py): each request takes a random
-- path of the list file given after `--`, on the host given as second argument; counts the
-- page cache's answers (X-Cache: HIT, STALE: the previous copy while it is built again, MISS)
-- and the statuses >= 400; `done` prints one JSON line.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  wrk.headers["Host"] = args[2]
  -- "fresh": each request asks a new address (a query string the page ignores), so that the
  -- page cache has nothing kept and the server renders the page: its render throughput.
  fresh = args[3] == "fresh"
  serial = 0
  wrk.headers["User-Agent"] = "xmille-load (wrk)"
  hits, stale, misses, bad = 0, 0, 0, 0
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local path = paths[math.random(#paths)]
  if fresh then
    serial = serial + 1
    path = path .. "?render=" .. math.random(1e9) .. "-" .. serial
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "HIT" then hits = hits + 1
  elseif cache == "STALE" then stale = stale + 1
  elseif cache == "MISS" then misses = misses + 1 end
  if status >= 400 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local h, s, m, b = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    s = s + thread:get("stale")
    m = m + thread:get("misses")
    b = b + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, ' ..
    '"socket_errors": %d, "http_errors": %d, "hits": %d, "stale": %d, "misses": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect + e.read + e.write + e.timeout, b, h, s, m))
end
