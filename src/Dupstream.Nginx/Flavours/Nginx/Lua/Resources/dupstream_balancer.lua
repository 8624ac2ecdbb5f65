-- dupstream's balancer for apply_mode "lua" (placeholder: filled in by the #13 work; see LUA-CONTRACT).
local M = {}
return M
