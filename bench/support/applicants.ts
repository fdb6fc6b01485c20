// Invented applicants for load benchmarks (bench/soak.ts, bench/catalogue-1m.bench.ts).

/** A valid 18-digit resident ID number (GB 11643-1999 check digit) for invented applicant `seq`. */
export function residentId(seq: number): string {
  const base = `620102198${String(seq % 10)}0${1 + (seq % 9)}1${seq % 10}${String(seq % 1000).padStart(3, '0')}`.slice(0, 17);
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return base + '10X98765432'[sum % 11];
}
