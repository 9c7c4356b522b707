local http = require "http"

description = [[
One scripted HTTP request per target, for the HafniumTools exposure benchmark (bench/Exposure.Benchmark): the
anonymous CVE-2021-26855 request (GET /owa/auth/x.js with the X-AnonResource cookies naming localhost) over https.
Reports VULNERABLE when the answer's X-CalculatedBETarget names localhost, NOT VULNERABLE for any other answer, and
NO RESPONSE when the request was aborted.
]]

author = "HafniumTools contributors"
license = "MIT"
categories = {"safe"}

portrule = function(host, port)
  return port.protocol == "tcp" and port.state == "open"
end

local COOKIE = "X-AnonResource=true; X-AnonResource-Backend=localhost/ecp/default.flt?~3; X-BEResource=localhost/owa/auth/logon.aspx?~3;"

action = function(host, port)
  local response = http.get(host, port, "/owa/auth/x.js", { scheme = "https", no_cache = true, header = { Cookie = COOKIE } })
  if not response or not response.status then
    return "NO RESPONSE"
  end
  local target = response.header and response.header["x-calculatedbetarget"]
  if target and string.match(string.lower(target), "localhost") then
    return "VULNERABLE " .. response.status
  end
  return "NOT VULNERABLE " .. response.status
end
