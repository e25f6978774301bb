import { readFileSync } from 'node:fs';

/** One function's share of the samples in a CPU profile. */
export interface ProfileEntry {
  /** Function name, `(anonymous)`, or a V8 pseudo-frame such as `(garbage collector)`. */
  name: string;
  /** Source file and line, shortened to the package path; empty for pseudo-frames. */
  location: string;
  /** Share of all samples in which this function was on top of the stack. */
  selfFraction: number;
}

/** The top self-time functions of one `.cpuprofile` file. */
export interface ProfileSummary {
  scenario: string;
  file: string;
  sampleCount: number;
  top: ProfileEntry[];
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
}

/**
 * Reads a V8 CPU profile (as written by `node --cpu-prof`) and returns the `limit`
 * functions with the most self samples, merged across call sites.
 */
export function summarizeCpuProfile(scenario: string, file: string, limit = 10): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const keyOfNode = new Map<number, string>();
  const entries = new Map<string, { name: string; location: string; samples: number }>();

  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const location = url === '' ? '' : `${shortenUrl(url)}:${lineNumber + 1}`;
    const name = functionName === '' ? '(anonymous)' : functionName;
    const key = `${name} ${location}`;
    keyOfNode.set(node.id, key);
    if (!entries.has(key)) entries.set(key, { name, location, samples: 0 });
  }
  for (const nodeId of profile.samples) {
    const entry = entries.get(keyOfNode.get(nodeId) ?? '');
    if (entry !== undefined) entry.samples += 1;
  }

  const total = Math.max(1, profile.samples.length);
  const top = [...entries.values()]
    .sort((a, b) => b.samples - a.samples)
    .slice(0, limit)
    .map((entry) => ({
      name: entry.name,
      location: entry.location,
      selfFraction: entry.samples / total,
    }));
  return { scenario, file, sampleCount: profile.samples.length, top };
}

// `file:///…/node_modules/.pnpm/fastify@5.6.1/node_modules/fastify/lib/x.js` becomes
// `fastify/lib/x.js`; workspace files lose everything before `apps/` or `packages/`.
function shortenUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) return path.slice(inModules + '/node_modules/'.length);

  const inWorkspace = /\/(apps|packages|bench)\/.*$/.exec(path);
  return inWorkspace === null ? path : inWorkspace[0].slice(1);
}
