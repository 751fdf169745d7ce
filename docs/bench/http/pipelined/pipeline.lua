-- HTTP/1.1 pipelining for wrk: every write carries DEPTH requests for the URL's path, and wrk
-- waits for all DEPTH responses before the next write (it counts the requests in what request()
-- returns). Each response still counts as one request in wrk's totals and latency.
--
-- Run (the bench does, with --pipeline K):
--   wrk -t 1 -c 256 -d 5s --latency -s pipeline.lua http://127.0.0.1:PORT/plaintext -- 16
-- You should see the usual wrk summary, with about K times the requests of a run without -s
-- when the server, not the round trip, is the limit.

local batch

-- Called once per wrk thread by wrk.init, after wrk.headers has its Host header.
function init(args)
   local depth = tonumber(args[1])
   if depth == nil or depth < 1 or depth ~= math.floor(depth) then
      error("pipeline.lua needs the pipeline depth as a whole number >= 1 after '--', got: " .. tostring(args[1]))
   end
   local requests = {}
   for i = 1, depth do
      requests[i] = wrk.format(nil, wrk.path)
   end
   batch = table.concat(requests)
end

function request()
   return batch
end
