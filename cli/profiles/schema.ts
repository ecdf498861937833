/**
 * Load profiles as data, in business units (orders per hour, lines per order) and SLOs. Closed
 * objects with a description per field; JSON Schema is exported for editors (`npm run schemas`).
 */
import { z } from 'zod';

/** k6 duration strings: "30s", "5m", "1h30m". */
export const durationSchema = z
  .string()
  .regex(/^(\d+(\.\d+)?(ms|s|m|h))+$/, 'expected a duration such as "30s", "5m" or "1h30m"')
  .describe('A k6 duration: digits followed by ms, s, m or h, e.g. "90s" or "1h30m".');

const linesPerOrder = z
  .strictObject({
    min: z.number().int().min(1).describe('Fewest lines on an order.'),
    max: z.number().int().min(1).max(200).describe('Most lines on an order.'),
  })
  .refine((value) => value.min <= value.max, { message: 'min must not exceed max', path: ['min'] })
  .describe('Order size: each order gets a uniformly drawn number of lines in [min, max].');

export const orderConfirmationSchema = z
  .strictObject({
    ordersPerHour: z.number().positive().max(10_000_000).describe('Orders created and confirmed per hour (an open arrival rate).'),
    linesPerOrder: linesPerOrder.default({ min: 1, max: 5 }),
    maxVus: z.number().int().positive().optional().describe('Cap on concurrent virtual users; derived from the rate and the SLO when absent.'),
  })
  .describe('Peak order confirmation: sale.order create + action_confirm + read back.');

export const sloSchema = z
  .strictObject({
    orderConfirmP95Ms: z.number().positive().default(2000).describe('p95 of action_confirm, in milliseconds.'),
    maxErrorRate: z.number().min(0).max(1).default(0.01).describe('Largest share of failed model calls (0–1).'),
  })
  .describe('Service-level objectives; each becomes a k6 threshold.');

export const loadProfileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors.'),
    kind: z.literal('load').describe('Profile kind.'),
    name: z.string().min(1).describe('Short name, used in reports.'),
    description: z.string().default('').describe('What this load represents.'),
    duration: durationSchema.describe('How long the load runs.'),
    companies: z.number().int().min(1).max(100).default(1).describe('How many companies the work is spread over.'),
    workloads: z
      .strictObject({ orderConfirmation: orderConfirmationSchema.optional() })
      .refine((value) => Object.keys(value).length > 0, { message: 'at least one workload is required' })
      .describe('The workloads this profile runs and their rates.'),
    slo: sloSchema.default({ orderConfirmP95Ms: 2000, maxErrorRate: 0.01 }),
  })
  .describe('A load profile: what runs, at what rate, for how long, and what counts as passing.');

export type LoadProfile = z.infer<typeof loadProfileSchema>;
