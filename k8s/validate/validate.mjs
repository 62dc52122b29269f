// Offline validation of the Kubernetes manifests under k8s/, without a cluster, kubectl or kustomize.
//
//   node k8s/validate/validate.mjs            every YAML file under k8s/ (except k8s/validate/)
//   node k8s/validate/validate.mjs FILE...    just these files, each taken as complete resources
//
// Built-in kinds are checked against the Kubernetes OpenAPI schemas shipped in the kubernetes-models package, plus
// a few rules the schemas leave to the API server (every container has an image, a selector matches its pod
// labels). Custom resources (KEDA ScaledObject, Prometheus ServiceMonitor) are checked by hand for the fields they
// cannot work without. Kustomizations must name files that exist; files they use as patches are partial
// resources, so only their apiVersion, kind and metadata.name are checked. Exit code 1, naming file and problem,
// when anything is wrong. Run by KubernetesManifestsIT during `mvn verify`.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Job } from "kubernetes-models/batch/v1/Job";

const MODELS = {
  "v1/ConfigMap": ConfigMap,
  "v1/Namespace": Namespace,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "networking.k8s.io/v1/Ingress": Ingress,
  "batch/v1/CronJob": CronJob,
  "batch/v1/Job": Job,
};

const CUSTOM = {
  "keda.sh/v1alpha1/ScaledObject": checkScaledObject,
  "monitoring.coreos.com/v1/ServiceMonitor": checkServiceMonitor,
};

const KUSTOMIZE_KINDS = new Set(["Kustomization", "Component"]);
const isKustomization = (file, doc) =>
  /^kustomization\.ya?ml$/.test(path.basename(file)) || (doc && KUSTOMIZE_KINDS.has(doc.kind));

const here = path.dirname(fileURLToPath(import.meta.url));
const k8sRoot = path.resolve(here, "..");

const problems = [];
let documents = 0;

function report(file, where, message) {
  problems.push(`${path.relative(process.cwd(), file) || file}${where ? ` ${where}` : ""}: ${message}`);
}

function yamlFilesUnder(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== here && entry.name !== "node_modules") {
        found.push(...yamlFilesUnder(full));
      }
    } else if (/\.ya?ml$/.test(entry.name)) {
      found.push(full);
    }
  }
  return found.sort();
}

function load(file) {
  try {
    return yaml.loadAll(fs.readFileSync(file, "utf8")).filter((doc) => doc !== null && doc !== undefined);
  } catch (e) {
    report(file, "", `not valid YAML: ${e.message.split("\n")[0]}`);
    return [];
  }
}

function label(doc, index) {
  const kind = doc && doc.kind ? doc.kind : "?";
  const name = doc && doc.metadata && doc.metadata.name ? doc.metadata.name : "?";
  return `[document ${index + 1}, ${kind}/${name}]`;
}

function checkIdentity(file, where, doc) {
  if (typeof doc !== "object" || Array.isArray(doc)) {
    report(file, where, "is not a mapping");
    return false;
  }
  let ok = true;
  for (const field of ["apiVersion", "kind"]) {
    if (typeof doc[field] !== "string" || doc[field] === "") {
      report(file, where, `${field} is missing`);
      ok = false;
    }
  }
  if (!doc.metadata || typeof doc.metadata.name !== "string" || doc.metadata.name === "") {
    report(file, where, "metadata.name is missing");
    ok = false;
  }
  return ok;
}

function checkResource(file, where, doc) {
  if (!checkIdentity(file, where, doc)) {
    return;
  }
  const type = `${doc.apiVersion}/${doc.kind}`;
  const Model = MODELS[type];
  if (Model) {
    try {
      new Model(doc).validate();
    } catch (e) {
      report(file, where, e.message);
    }
    checkWorkload(file, where, doc);
    if (doc.kind === "CronJob" && doc.spec && doc.spec.jobTemplate) {
      checkWorkload(file, where, doc.spec.jobTemplate);
    }
  } else if (CUSTOM[type]) {
    CUSTOM[type](file, where, doc);
  } else {
    report(file, where, `no validator for ${type}: add it to k8s/validate/validate.mjs`);
  }
}

// Rules the OpenAPI schema does not carry: the API server rejects a pod without images, and a workload whose
// selector does not match its template's labels.
function checkWorkload(file, where, doc) {
  const template = doc.spec && doc.spec.template;
  if (!template || typeof template !== "object") {
    return;
  }
  const podSpec = template.spec || {};
  for (const list of ["initContainers", "containers"]) {
    for (const [i, container] of (Array.isArray(podSpec[list]) ? podSpec[list] : []).entries()) {
      if (typeof container.image !== "string" || container.image.trim() === "") {
        report(file, where, `spec.template.spec.${list}[${i}] (${container.name || "unnamed"}) has no image`);
      }
    }
  }
  const wanted = (doc.spec.selector && doc.spec.selector.matchLabels) || {};
  const labels = (template.metadata && template.metadata.labels) || {};
  for (const [key, value] of Object.entries(wanted)) {
    if (labels[key] !== value) {
      report(file, where, `spec.selector.matchLabels ${key}=${value} is not a label of spec.template`);
    }
  }
}

function checkScaledObject(file, where, doc) {
  const spec = doc.spec;
  if (!spec || typeof spec !== "object") {
    report(file, where, "spec is missing");
    return;
  }
  if (!spec.scaleTargetRef || typeof spec.scaleTargetRef.name !== "string" || spec.scaleTargetRef.name === "") {
    report(file, where, "spec.scaleTargetRef.name is missing");
  }
  for (const field of ["minReplicaCount", "maxReplicaCount", "pollingInterval", "cooldownPeriod"]) {
    if (field in spec && !(Number.isInteger(spec[field]) && spec[field] >= 0)) {
      report(file, where, `spec.${field} must be a non-negative integer`);
    }
  }
  if (Number.isInteger(spec.minReplicaCount) && Number.isInteger(spec.maxReplicaCount)
      && spec.minReplicaCount > spec.maxReplicaCount) {
    report(file, where, "spec.minReplicaCount is above spec.maxReplicaCount");
  }
  if (!Array.isArray(spec.triggers) || spec.triggers.length === 0) {
    report(file, where, "spec.triggers must list at least one trigger");
    return;
  }
  spec.triggers.forEach((trigger, i) => {
    if (!trigger || typeof trigger.type !== "string") {
      report(file, where, `spec.triggers[${i}].type is missing`);
      return;
    }
    const metadata = trigger.metadata;
    if (!metadata || typeof metadata !== "object") {
      report(file, where, `spec.triggers[${i}].metadata is missing`);
      return;
    }
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== "string") {
        report(file, where, `spec.triggers[${i}].metadata.${key} must be a string (KEDA reads metadata as strings)`);
      }
    }
    if (trigger.type === "kafka") {
      for (const key of ["bootstrapServers", "consumerGroup", "lagThreshold"]) {
        if (!metadata[key]) {
          report(file, where, `spec.triggers[${i}] (kafka) needs metadata.${key}`);
        }
      }
      if (metadata.lagThreshold && !/^[1-9][0-9]*$/.test(String(metadata.lagThreshold))) {
        report(file, where, `spec.triggers[${i}].metadata.lagThreshold must be a positive integer`);
      }
    }
  });
}

function checkServiceMonitor(file, where, doc) {
  const spec = doc.spec;
  if (!spec || typeof spec !== "object") {
    report(file, where, "spec is missing");
    return;
  }
  if (!spec.selector || typeof spec.selector !== "object") {
    report(file, where, "spec.selector is missing");
  }
  if (!Array.isArray(spec.endpoints) || spec.endpoints.length === 0) {
    report(file, where, "spec.endpoints must list at least one endpoint");
    return;
  }
  spec.endpoints.forEach((endpoint, i) => {
    if (!endpoint || (!endpoint.port && endpoint.targetPort === undefined)) {
      report(file, where, `spec.endpoints[${i}] needs port or targetPort`);
    }
  });
}

// Returns the files this kustomization uses as patches (partial resources).
function checkKustomization(file, doc) {
  const dir = path.dirname(file);
  const patches = [];
  const mustExist = (entry, field) => {
    if (typeof entry !== "string" || /^[a-z]+:\/\//.test(entry) || entry.startsWith("github.com/")) {
      return;
    }
    const target = path.resolve(dir, entry);
    if (!fs.existsSync(target)) {
      report(file, "", `${field} entry ${entry} does not exist`);
    } else if (fs.statSync(target).isDirectory()
        && !["kustomization.yaml", "kustomization.yml", "Kustomization"].some((n) => fs.existsSync(path.join(target, n)))) {
      report(file, "", `${field} entry ${entry} is a directory without a kustomization.yaml`);
    }
  };
  for (const field of ["resources", "components"]) {
    if (doc[field] !== undefined && !Array.isArray(doc[field])) {
      report(file, "", `${field} must be a list`);
      continue;
    }
    for (const entry of doc[field] || []) {
      mustExist(entry, field);
    }
  }
  for (const patch of doc.patches || []) {
    if (patch && typeof patch.path === "string") {
      mustExist(patch.path, "patches");
      patches.push(path.resolve(dir, patch.path));
    } else if (!patch || typeof patch.patch !== "string") {
      report(file, "", "each patches entry needs a path or an inline patch");
    }
  }
  for (const entry of doc.patchesStrategicMerge || []) {
    mustExist(entry, "patchesStrategicMerge");
    patches.push(path.resolve(dir, entry));
  }
  return patches;
}

const explicit = process.argv.slice(2).map((file) => path.resolve(file));
const files = explicit.length > 0 ? explicit : yamlFilesUnder(k8sRoot);
const loaded = new Map();
for (const file of files) {
  if (!fs.existsSync(file)) {
    report(file, "", "does not exist");
    continue;
  }
  loaded.set(file, load(file));
}

const patchFiles = new Set();
for (const [file, docs] of loaded) {
  for (const doc of docs) {
    if (isKustomization(file, doc)) {
      checkKustomization(file, doc).forEach((patch) => patchFiles.add(patch));
    }
  }
}

for (const [file, docs] of loaded) {
  docs.forEach((doc, index) => {
    if (isKustomization(file, doc)) {
      return;
    }
    documents++;
    const where = label(doc, index);
    if (patchFiles.has(file)) {
      checkIdentity(file, where, doc);
    } else {
      checkResource(file, where, doc);
    }
  });
}

if (problems.length > 0) {
  for (const problem of problems) {
    console.error(`FAIL ${problem}`);
  }
  console.error(`${problems.length} problem(s) in ${documents} Kubernetes document(s) from ${loaded.size} file(s)`);
  process.exit(1);
}
console.log(`OK ${documents} Kubernetes document(s) from ${loaded.size} file(s) are valid`);
