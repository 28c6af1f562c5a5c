// STUB: LSP server.
export {};
