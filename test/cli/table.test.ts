import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatFields, formatTable } from '../../src/cli/table.js';

describe('formatTable', () => {
  it('aligns columns under their headers, numbers to the right, without trailing blanks', () => {
    const rows = [
      { name: 'alpha', auc: '0.9' },
      { name: 'b', auc: '0.85' },
    ];
    const text = formatTable(rows, [
      { header: 'NAME', cell: (r) => r.name },
      { header: 'AUC', cell: (r) => r.auc, align: 'right' },
    ]);
    expect(text).toBe('NAME    AUC\nalpha   0.9\nb      0.85\n');
  });

  it('keeps one row on one line when a cell holds a newline', () => {
    const text = formatTable([{ v: 'two\nlines' }], [{ header: 'V', cell: (r) => r.v }]);
    expect(text).toBe('V\ntwo lines\n');
  });
});

describe('formatDuration and formatBytes', () => {
  it('read like a person would write them', () => {
    expect([formatDuration(4200), formatDuration(185_000), formatDuration(3_725_000)]).toEqual(['4.2s', '3m 05s', '1h 02m']);
    expect([formatBytes(512), formatBytes(1536), formatBytes(3 * 1024 * 1024), formatBytes(undefined)]).toEqual(['512 B', '1.5 KiB', '3.0 MiB', '']);
  });
});

describe('formatFields', () => {
  it('lines values up after the longest label, continuing a multi-line value under its first line', () => {
    expect(formatFields([['Run', 'r1'], ['Outputs', 'a\nb'], ['Empty', '']])).toBe('Run:      r1\nOutputs:  a\n          b\nEmpty:\n');
    expect(formatFields([['Id', 'x']], 6)).toBe('Id:   x\n');
  });
});
