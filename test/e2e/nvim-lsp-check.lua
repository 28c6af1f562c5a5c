-- nvim-lsp-check.lua — headless Neovim (0.7.x and later) as a second real LSP
-- client of the NHI Hygiene server. Run through test/e2e/neovim.sh. Adapted from
-- the shared recipe of the same name; differences: diagnostics are matched by
-- code (the rule id) or message, every output line is masked (no key in full),
-- and the edit is written with :wall because the quick fix also edits the env
-- file and .gitignore (buffers Neovim opens in the background).
--
-- Steps: open NVIM_LSP_FILE, start + attach the server (NVIM_LSP_CMD, JSON array),
-- wait for a diagnostic, request textDocument/codeAction at it, apply the
-- preferred (or titled) action's WorkspaceEdit, :wall, check the file, stop the
-- server, exit 0 (pass) or 1 (fail). Any Lua error also ends the run (xpcall).
--
-- Env: NVIM_LSP_CMD, NVIM_LSP_FILE (required); NVIM_LSP_ROOT (workspace root,
-- default the file's dir); NVIM_LSP_TIMEOUT_MS (per wait, default 30000);
-- NVIM_LSP_EXPECT_DIAG (rule id or message text); NVIM_LSP_QUICKFIX_TITLE (default:
-- the preferred action); NVIM_LSP_EXPECT_AFTER / NVIM_LSP_EXPECT_GONE (checked on the
-- saved file); NVIM_LSP_RESULT (JSON summary path).

local KEY_PATTERN = '[AS][KS]IA' .. string.rep('[A-Z2-7]', 16)
local function mask(s)
  return (tostring(s):gsub(KEY_PATTERN, function(k) return k:sub(1, 4) .. '…' .. k:sub(-4) end))
end
local t0 = vim.loop.hrtime()
local out = function(s) io.stdout:write(('[nvim +%.1fs] '):format((vim.loop.hrtime() - t0) / 1e9) .. mask(s) .. '\n'); io.stdout:flush() end
local env = function(k, d) local v = os.getenv(k); if v == nil or v == '' then return d end; return v end

local function read_file(p)
  local f = io.open(p, 'rb'); if not f then return nil end
  local s = f:read('*a'); f:close(); return s
end

local client_id
local result = { ok = false }

local function finish(ok, msg)
  result.ok = ok
  if msg then result.message = msg; out((ok and 'PASS ' or '\nFAIL ') .. msg) end
  local rpath = env('NVIM_LSP_RESULT')
  if rpath then
    local f = io.open(rpath, 'w')
    if f then f:write(mask(vim.fn.json_encode(result))); f:close() end
  end
  if client_id then
    pcall(vim.lsp.stop_client, client_id)
    vim.wait(3000, function() return vim.lsp.client_is_stopped(client_id) end, 50)
    if not vim.lsp.client_is_stopped(client_id) then pcall(vim.lsp.stop_client, client_id, true) end
  end
  if not ok then
    local lp = vim.lsp.get_log_path and vim.lsp.get_log_path()
    local log = lp and read_file(lp)
    if log and log ~= '' then out('--- lsp.log tail ---\n' .. log:sub(-3000)) end
  end
  vim.cmd(ok and 'qall!' or 'cquit! 1')
end

local function run()
  local cmd_json = env('NVIM_LSP_CMD'); if not cmd_json then return finish(false, 'NVIM_LSP_CMD not set') end
  local file = env('NVIM_LSP_FILE'); if not file then return finish(false, 'NVIM_LSP_FILE not set') end
  local cmd = vim.fn.json_decode(cmd_json)
  file = vim.fn.fnamemodify(file, ':p')
  local root = env('NVIM_LSP_ROOT', vim.fn.fnamemodify(file, ':h'))
  local timeout = tonumber(env('NVIM_LSP_TIMEOUT_MS', '30000'))
  local expect_diag = env('NVIM_LSP_EXPECT_DIAG', 'secret/aws-access-key-id')
  local want_title = env('NVIM_LSP_QUICKFIX_TITLE')
  local expect_after = env('NVIM_LSP_EXPECT_AFTER')
  local expect_gone = env('NVIM_LSP_EXPECT_GONE')
  local before = read_file(file)
  out('nvim ' .. tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch ..
      ' file=' .. file .. ' root=' .. root .. ' cmd=' .. vim.fn.json_encode(cmd))

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()

  local init_err
  client_id = vim.lsp.start_client({
    name = 'nhi-e2e',
    cmd = cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
    on_exit = function(code, signal) if code ~= 0 then init_err = ('server exited code=%s signal=%s'):format(code, signal) end end,
  })
  if not client_id then return finish(false, 'vim.lsp.start_client failed (bad cmd?)') end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local client
  vim.wait(timeout, function()
    client = vim.lsp.get_client_by_id(client_id)
    return init_err ~= nil or (client ~= nil and client.initialized)
  end, 50)
  if init_err then return finish(false, init_err) end
  if not (client and client.initialized) then return finish(false, 'server did not initialize within ' .. timeout .. ' ms') end
  local enc = client.offset_encoding or 'utf-16'

  -- diagnostics (pushed by the server after didOpen: Neovim 0.7 has no pull diagnostics)
  local function code_of(d) return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) end
  local function matching()
    return vim.tbl_filter(function(d)
      return tostring(code_of(d)) == expect_diag or d.message:find(expect_diag, 1, true) ~= nil
    end, vim.diagnostic.get(bufnr))
  end
  local t_diag = vim.loop.hrtime()
  if not vim.wait(timeout, function() return #matching() > 0 end, 50) then
    result.diagnostics = vim.diagnostic.get(bufnr)
    return finish(false, 'no diagnostic "' .. expect_diag .. '" within ' .. timeout .. ' ms')
  end
  result.diagnostics = vim.tbl_map(function(d)
    return { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity,
             source = d.source, code = code_of(d), message = d.message }
  end, vim.diagnostic.get(bufnr))
  out(('DIAGNOSTICS (after %d ms) %s'):format((vim.loop.hrtime() - t_diag) / 1e6, vim.fn.json_encode(result.diagnostics)))

  -- textDocument/codeAction at the first matching diagnostic (positions back to the server's encoding)
  local d = matching()[1]
  local function pos(row, col) return { line = row, character = vim.lsp.util.character_offset(bufnr, row, col, enc) } end
  local range = { start = pos(d.lnum, d.col), ['end'] = pos(d.end_lnum or d.lnum, d.end_col or d.col) }
  local lsp = d.user_data and d.user_data.lsp or {}
  local lsp_diag = { range = range, message = d.message, source = d.source, code = code_of(d),
                     severity = d.severity, data = lsp.data }
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, range = range,
                   context = { diagnostics = { lsp_diag }, only = { 'quickfix' } } }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout)
  if not responses then return finish(false, 'codeAction request failed: ' .. tostring(err)) end
  local resp = responses[client_id] or {}
  if resp.err or resp.error then return finish(false, 'codeAction error: ' .. vim.inspect(resp.err or resp.error)) end
  local actions = resp.result or {}
  result.actions = vim.tbl_map(function(a) return (a.isPreferred and '* ' or '  ') .. a.title end, actions)
  out('CODE_ACTIONS ' .. vim.fn.json_encode(result.actions))
  local action
  for _, a in ipairs(actions) do
    if want_title then
      if a.title and a.title:find(want_title, 1, true) then action = a; break end
    elseif a.isPreferred then action = a; break end
  end
  if not action then return finish(false, want_title and ('no code action titled "' .. want_title .. '"') or 'no preferred code action') end
  if not action.edit then return finish(false, 'the chosen action has no edit') end

  vim.lsp.util.apply_workspace_edit(action.edit, enc)
  out('APPLIED ' .. action.title)
  -- :wall — the edit also touched the env file and .gitignore (loaded as hidden buffers)
  vim.cmd('silent wall')
  local after = read_file(file)
  result.file_after = after
  if after == before then return finish(false, 'file unchanged on disk after :wall') end
  if expect_after and not after:find(expect_after, 1, true) then return finish(false, 'saved file lacks: ' .. expect_after) end
  if expect_gone and after:find(expect_gone, 1, true) then return finish(false, 'saved file still contains the secret') end
  out('FILE_AFTER ' .. vim.fn.json_encode(after))

  -- after didChange the server pushes diagnostics again: the finding must be gone
  if not vim.wait(math.min(timeout, 10000), function() return #matching() == 0 end, 50) then
    return finish(false, 'diagnostic still present after the fix')
  end
  out('DIAGNOSTICS_AFTER_FIX 0')

  -- applying the same action again must be a no-op: no action is offered any more
  local again = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout) or {}
  local left = vim.tbl_filter(function(a) return a.isPreferred end, (again[client_id] or {}).result or {})
  if #left > 0 then return finish(false, 'a preferred fix is still offered after the fix: ' .. left[1].title) end
  return finish(true, 'neovim: diagnostic, preferred code action, edit applied and written')
end

local ok, err = xpcall(run, debug.traceback)
if not ok then finish(false, 'lua error: ' .. tostring(err)) end
