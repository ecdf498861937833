/**
 * A k6-operator run of one plan: a ConfigMap holding the bundled script and a TestRun that starts
 * `parallelism` runners with k6's own execution segments. The plan travels in the environment
 * (nothing secret in it); the password and API key come from a Kubernetes Secret by reference, so
 * no secret value is ever written into a manifest.
 */
import type { RunPlan } from '../contract/index.ts';

/** Kubernetes refuses a ConfigMap whose data exceeds 1 MiB (etcd's object size limit). */
export const CONFIGMAP_LIMIT_BYTES = 1024 * 1024;

export interface TestRunInputs {
  name: string;
  namespace: string;
  scenario: string;
  /** The bundled k6 script (dist/<scenario>.js). */
  script: string;
  plan: RunPlan;
  parallelism: number;
  /** Secret holding ODOO_PASSWORD (and ODOO_API_KEY for API-key modes). */
  secret: string;
  /** k6 image, pinned to the k6 version the suite is tested with. */
  image: string;
  resources: { cpu: string; memory: string };
  /** InfluxDB 1.x URL with its database, where every runner streams (the results come back from there). */
  influx: string;
  /** k6 tags as InfluxDB fields (contract's INFLUX_TAGS_AS_FIELDS), so series stay bounded. */
  tagsAsFields: string;
}

export function configMapOf(inputs: TestRunInputs) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: inputs.name, namespace: inputs.namespace },
    data: { [`${inputs.scenario}.js`]: inputs.script },
  };
}

/** Bytes the ConfigMap's data takes, as the API server counts them. */
export const configMapBytes = (configMap: ReturnType<typeof configMapOf>) =>
  Object.entries(configMap.data).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );

const fromSecret = (name: string, secret: string, optional: boolean) => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key: name, optional } },
});

export function testRunOf(inputs: TestRunInputs) {
  const apiKeyAuth = inputs.plan.target.auth !== 'session';
  return {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name: inputs.name, namespace: inputs.namespace },
    spec: {
      parallelism: inputs.parallelism,
      script: { configMap: { name: inputs.name, file: `${inputs.scenario}.js` } },
      arguments: `--out influxdb=${inputs.influx} --summary-trend-stats=avg,min,med,p(90),p(95),p(99),max`,
      runner: {
        image: inputs.image,
        resources: {
          requests: { cpu: inputs.resources.cpu, memory: inputs.resources.memory },
          limits: { cpu: inputs.resources.cpu, memory: inputs.resources.memory },
        },
        env: [
          { name: 'ODOO_LOAD_PLAN', value: JSON.stringify(inputs.plan) },
          fromSecret('ODOO_PASSWORD', inputs.secret, apiKeyAuth),
          fromSecret('ODOO_API_KEY', inputs.secret, !apiKeyAuth),
          fromSecret('ODOO_OPERATOR_PASSWORD', inputs.secret, true),
          { name: 'K6_INFLUXDB_TAGS_AS_FIELDS', value: inputs.tagsAsFields },
          { name: 'K6_NO_USAGE_REPORT', value: 'true' },
        ],
      },
    },
  };
}
