/**
 * The CLI's shared parts (design.md §5.1): commands are plain objects; output a program reads goes to stdout,
 * messages to stderr; exit 0 success, 1 "no"/violations where a command says so, 2 bad usage or invalid input.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import { DomainError, InvalidInput } from '../errors.ts';
import { createContext, type BootstrapOptions } from '../platform/bootstrap.ts';
import type { Ctx } from '../platform/context.ts';

/** A CLI command. */
export interface Command {
  /** e.g. `calendar is-workday`. */
  name: string;
  summary: string;
  /** Full help text shown by `--help`, including exit codes. */
  help: string;
  options?: ParseArgsConfig['options'];
  run(args: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }): Promise<number>;
}

/** Thrown for wrong usage; printed with the command's help hint and exit code 2. */
export class UsageError extends Error {}

/** Writes a line for programs to read. */
export function out(line: string): void {
  process.stdout.write(line + '\n');
}

/** Writes a message for people. */
export function say(line: string): void {
  process.stderr.write(line + '\n');
}

/** Opens a Ctx for a command from the environment, and closes it after `fn`. */
export async function withContext<T>(fn: (ctx: Ctx, config: Config) => Promise<T>, opts: BootstrapOptions = {}): Promise<T> {
  const config = loadConfig();
  const ctx = await createContext(config, opts);
  try {
    return await fn(ctx, config);
  } finally {
    await ctx.database.close();
  }
}

/** Parses argv for a command, turning parse failures into UsageError. */
export function parseCommandArgs(cmd: Command, argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, ...(cmd.options ?? {}) }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Maps an error to a message and exit code. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) {
    say(`错误: ${err.message}`);
    return 2;
  }
  if (err instanceof InvalidInput) {
    const fields = Object.entries(err.fields).map(([k, v]) => `  ${k}: ${v}`);
    say([`错误: ${err.message}`, ...fields].join('\n'));
    return 2;
  }
  if (err instanceof DomainError) {
    say(`错误: ${err.message}`);
    return 2;
  }
  say(`错误: ${(err as Error)?.message ?? String(err)}`);
  return 3;
}
