/** Small random helpers for choosing customers, products, quantities and think times. */
import type { Range } from '../config.ts';

export const randomInt = (min: number, max: number) =>
  min + Math.floor(Math.random() * (max - min + 1));
export const randomBetween = (range: Range) => range.min + Math.random() * (range.max - range.min);
export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
