/**
 * Prometheus series in text exposition format 0.0.4, small enough to keep the core free of a
 * metrics library (it runs on the edge, and apps that use prom-client or OpenTelemetry feed those
 * from the events instead). Every label value is known up front, so each series shows from the
 * start at 0 — a rate over a series that appears only after its first event is wrong.
 */
export interface Series {
  render(lines: string[]): void;
}

export class Counter implements Series {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly name: string,
    private readonly help: string,
    private readonly label?: string,
    values: readonly string[] = [],
  ) {
    if (label === undefined) this.counts.set('', 0);
    for (const value of values) this.counts.set(value, 0);
  }

  inc(value = ''): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }

  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`);
    for (const [value, count] of this.counts) {
      lines.push(
        this.label === undefined ? `${this.name} ${count}` : `${this.name}{${this.label}="${value}"} ${count}`,
      );
    }
  }
}

/** A counter over several labels; every combination of values to show from the start is given. */
export class LabeledCounter implements Series {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly name: string,
    private readonly help: string,
    private readonly labels: readonly string[],
    combinations: readonly (readonly string[])[],
  ) {
    for (const values of combinations) this.counts.set(this.key(values), 0);
  }

  inc(...values: string[]): void {
    const key = this.key(values);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`);
    for (const [key, count] of this.counts) lines.push(`${this.name}{${key}} ${count}`);
  }

  private key(values: readonly string[]): string {
    return this.labels.map((label, i) => `${label}="${values[i]}"`).join(',');
  }
}

export class Histogram implements Series {
  private readonly data = new Map<string, { buckets: number[]; sum: number; count: number }>();

  constructor(
    private readonly name: string,
    private readonly help: string,
    private readonly label: string,
    values: readonly string[],
    private readonly bounds: readonly number[],
  ) {
    for (const value of values) this.data.set(value, { buckets: bounds.map(() => 0), sum: 0, count: 0 });
  }

  observe(value: string, seconds: number): void {
    const d = this.data.get(value);
    if (d === undefined) return;
    for (let i = 0; i < this.bounds.length; i++) if (seconds <= this.bounds[i]!) d.buckets[i]!++;
    d.sum += seconds;
    d.count++;
  }

  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const [value, d] of this.data) {
      const l = `${this.label}="${value}"`;
      this.bounds.forEach((bound, i) => {
        lines.push(`${this.name}_bucket{${l},le="${bound}"} ${d.buckets[i]}`);
      });
      lines.push(
        `${this.name}_bucket{${l},le="+Inf"} ${d.count}`,
        `${this.name}_sum{${l}} ${d.sum}`,
        `${this.name}_count{${l}} ${d.count}`,
      );
    }
  }
}
