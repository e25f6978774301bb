/** The median of several rounds and how far the rounds spread around it. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** `(max - min) / median`, as a fraction; 0 for a single round. */
  spread: number;
  samples: number[];
}

/** Summarises round results; throws on an empty list. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('Cannot summarise zero rounds.');

  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const min = sorted[0] as number;
  const max = sorted.at(-1) as number;
  return {
    median,
    min,
    max,
    spread: median === 0 ? 0 : (max - min) / median,
    samples: [...samples],
  };
}
