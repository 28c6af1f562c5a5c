// STUB: VS Code extension client.
export function activate(): void {}
export function deactivate(): void {}
