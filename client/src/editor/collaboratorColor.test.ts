import { describe, expect, it } from 'vitest';
import { collaboratorColor } from './collaboratorColor.ts';

describe('collaboratorColor', () => {
  it('gives one person the same colour everywhere and spreads people across the palette', () => {
    expect(collaboratorColor('01HZX')).toBe(collaboratorColor('01HZX'));
    const colours = new Set(Array.from({ length: 50 }, (_, i) => collaboratorColor(`user-${i}`)));
    expect(colours.size).toBeGreaterThan(4);
    for (const colour of colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
  });
});
