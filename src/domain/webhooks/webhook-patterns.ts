import { invalidArgument } from '../errors.js';
import { webhookLimits } from './webhook.js';

/**
 * The resource families whose events carry a project, and so can reach a project's webhooks.
 * User and token events belong to no project and are never sent.
 */
export const webhookFamilies = ['experiment', 'run', 'artifact', 'model', 'model_version', 'model_card', 'project', 'member', 'policy', 'promotion', 'webhook', 'deployment', 'monitor', 'alert', 'feedback'] as const;

const segment = /^[a-z][a-z_]*$/;

/**
 * Checks action patterns: `*` (every event of the project), an exact action (`model.alias.set`), or
 * a prefix ending in `.*` (`model.*`, `model.alias.*`), where `*` stands for one or more trailing
 * segments. The first segment must be a known family, so a typo fails now rather than matching
 * nothing forever. Answers the patterns without duplicates, in their given order.
 */
export function validateEventPatterns(patterns: readonly string[]): string[] {
  if (patterns.length === 0) throw invalidArgument("events: name at least one action pattern, e.g. 'model.*'");
  if (patterns.length > webhookLimits.patternsPerWebhook) {
    throw invalidArgument(`events: at most ${webhookLimits.patternsPerWebhook} patterns, got ${patterns.length}`);
  }
  for (const pattern of patterns) {
    if (pattern === '*') continue;
    if (pattern.length > webhookLimits.patternLength) throw invalidArgument(`events: pattern longer than ${webhookLimits.patternLength} characters`);
    const parts = pattern.split('.');
    const fixed = parts[parts.length - 1] === '*' ? parts.slice(0, -1) : parts;
    const wellFormed = fixed.length >= 1 && fixed.every((part) => segment.test(part)) && (fixed.length >= 2 || fixed.length < parts.length);
    if (!wellFormed) {
      throw invalidArgument(`events: '${pattern}' is not an action pattern; use '*', '<family>.*' or an action such as 'model.alias.set'`);
    }
    if (!(webhookFamilies as readonly string[]).includes(fixed[0]!)) {
      throw invalidArgument(`events: '${pattern}' names no known family; families are ${webhookFamilies.join(', ')}`);
    }
  }
  return [...new Set(patterns)];
}

/** Whether `action` (e.g. `model.alias.set`) matches `pattern`. */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return action.startsWith(pattern.slice(0, -1)) && action.length > pattern.length - 1;
  return pattern === action;
}

export function matchesAny(patterns: readonly string[], action: string): boolean {
  return patterns.some((pattern) => actionMatches(pattern, action));
}

/**
 * Checks a receiver URL: absolute http or https, no credentials (the URL is listed to project
 * admins; receivers authenticate Cairn by the signature), no fragment.
 */
export function validateWebhookUrl(raw: string): string {
  if (raw.length === 0) throw invalidArgument('url: required');
  if (raw.length > webhookLimits.urlLength) throw invalidArgument(`url: longer than ${webhookLimits.urlLength} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidArgument(`url: '${raw}' is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidArgument(`url: only http and https URLs receive webhooks, got '${url.protocol}'`);
  if (url.username !== '' || url.password !== '') throw invalidArgument('url: must not carry a user name or password; verify the X-Cairn-Signature header instead');
  if (url.hash !== '') throw invalidArgument('url: must not have a fragment (#...)');
  return url.toString();
}
