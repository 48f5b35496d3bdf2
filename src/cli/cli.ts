// What every command-line tool shares: --help, German messages instead of stack traces, and paths
// taken relative to where the user typed the command (npm runs scripts in the package root; it
// passes the caller's directory as INIT_CWD), so nothing lands in the repository by accident.
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../config.js';
import { DomainError } from '../shared/errors.js';

/** Bad input: reported on stderr with the usage hint, exit code 2. */
export class UsageError extends Error {}

/** A path as the user meant it: relative to the directory the command was typed in. */
export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** parseArgs speaks English; the people running these tools read German. */
export function argsProblem(e: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unbekannte Option ${option}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `Bei ${option} fehlt der Wert (oder die Option nimmt keinen).`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'Unerwartetes Argument ohne Option.';
    default:
      return `Ungültiger Aufruf: ${e.message}`;
  }
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: 'Datei oder Verzeichnis nicht gefunden',
  EACCES: 'Keine Berechtigung',
  EPERM: 'Keine Berechtigung',
  EISDIR: 'Das ist ein Verzeichnis, keine Datei',
  ENOTDIR: 'Ein Teil des Pfads ist kein Verzeichnis',
  ENOSPC: 'Kein Platz mehr auf dem Datenträger',
  EROFS: 'Das Dateisystem ist schreibgeschützt',
};

/** The German one-line message for an error; a stack trace only with DEBUG set. */
export function describeError(e: unknown): string {
  if (e instanceof DomainError) return `${e.message} (${e.code})`;
  if (e instanceof ConfigError || e instanceof UsageError) return e.message.trimEnd();
  const err = e as { code?: string; path?: string; message?: string };
  if (err?.code && FS_ERRORS[err.code]) return `${FS_ERRORS[err.code]}: ${err.path ?? ''}`.trimEnd();
  if (err?.code === 'SQLITE_BUSY') return 'Die Datenbank ist gerade gesperrt (ein anderer Prozess schreibt); bitte erneut versuchen.';
  if (err?.code?.startsWith('SQLITE_')) return `Datenbankfehler (${err.code}): ${err.message}`;
  return `Unerwarteter Fehler: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * Runs a tool: `--help`/`-h` prints the usage and exits 0; errors end with a German message on
 * stderr (exit 2 for usage errors, 1 otherwise).
 */
export function runCli(usage: string, main: (argv: string[]) => Promise<number> | number): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage.trimEnd()}\n`);
    return;
  }
  Promise.resolve()
    .then(() => main(argv))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        const usageError = e instanceof UsageError || (e as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS');
        const message = (e as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS') ? argsProblem(e as Error) : describeError(e);
        process.stderr.write(`${message}\n${usageError ? `${usage.split('\n')[0]}\nHilfe: --help\n` : ''}`);
        if (process.env.DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
        process.exitCode = usageError ? 2 : 1;
      },
    );
}
