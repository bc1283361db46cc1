import { execFile } from 'node:child_process';

/** Runs one redis-cli command against 127.0.0.1:port and returns its output; bounded by `timeoutMs`. */
export function redisCli(port: number, args: readonly string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'redis-cli',
      ['-h', '127.0.0.1', '-p', String(port), ...args],
      { timeout: timeoutMs },
      (error, stdout, stderr) =>
        error ? reject(new Error(`redis-cli ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}
