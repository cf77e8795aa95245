-- wrk script: report.lua's headers and report, each request for the next of the paths
-- given after the headers, in turn (a mix of what visitors ask for).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
local turn = 0

function request()
  turn = turn % #paths + 1
  return wrk.format(nil, paths[turn])
end
