/**
 * The suite's custom metrics and tag names. Dashboards and reports query these names: they are a
 * stable interface, documented in README.md ("Metrics"). Tag values are bounded (model and method
 * names, error kinds), never ids or URLs with ids.
 */
import { Counter, Rate, Trend } from 'k6/metrics';

/** Tag names the suite sets on its own requests and metrics. */
export const TAGS = {
  model: 'rpc_model',
  method: 'rpc_method',
  errorKind: 'error_kind',
  errorName: 'error_name',
  workload: 'workload',
  step: 'step',
  company: 'company',
} as const;

/** Duration of every Odoo model call, tagged rpc_model / rpc_method. */
export const rpcDuration = new Trend('odoo_rpc_duration', true);
/** Odoo errors by kind (see lib/odoo/errors.ts ERROR_KINDS), model, method and Python class. */
export const rpcErrors = new Counter('odoo_rpc_errors');
/** Share of model calls that failed, for error-budget thresholds. */
export const rpcFailed = new Rate('odoo_rpc_failed');

// Order confirmation (DOMAIN.md workload 1).
export const ordersConfirmed = new Counter('orders_confirmed');
export const orderConfirmDuration = new Trend('order_confirm_duration', true);
export const orderLines = new Trend('order_lines');
