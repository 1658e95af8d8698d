import { onnxType, type OnnxModel } from './onnx-writer.js';

/**
 * ONNX-ML tree ensembles (TreeEnsembleClassifier / TreeEnsembleRegressor, ai.onnx.ml opset 3) built
 * from plain trees, plus a reference evaluator over the same trees so that tests compute expected
 * outputs without the runtime. Attribute names follow the ONNX-ML operator spec: nodes_* describe
 * every node of every tree (one tuple per index), class_* / target_* the weights at the leaves.
 */

/** A split sends a row to `left` when `row[feature] <= threshold` (BRANCH_LEQ), else to `right`. */
export type TreeNode = { feature: number; threshold: number; left: TreeNode; right: TreeNode } | { leaf: number[] };

export interface TreeEnsemble {
  features: number;
  /** Classes (classifier) or targets (regressor): the length of every leaf's weights. */
  outputs: number;
  trees: TreeNode[];
  baseValues?: number[];
}

/** Deterministic pseudo-random trees: thresholds and weights are multiples of 1/4 and 1/16, exact in float32. */
export function sampleTrees(options: { features: number; outputs: number; count: number; depth: number; seed?: number }): TreeEnsemble {
  let state = options.seed ?? 7;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const grow = (depth: number): TreeNode =>
    depth === 0
      ? { leaf: Array.from({ length: options.outputs }, () => Math.round(next() * 32 - 16) / 16) }
      : { feature: Math.floor(next() * options.features), threshold: Math.round(next() * 16 - 8) / 4, left: grow(depth - 1), right: grow(depth - 1) };
  return { features: options.features, outputs: options.outputs, trees: Array.from({ length: options.count }, () => grow(options.depth)) };
}

/** Sum of the leaf weights each row reaches, plus the base values: the ensemble's raw scores [rows][outputs]. */
export function treeScores(ensemble: TreeEnsemble, rows: readonly (readonly number[])[]): number[][] {
  return rows.map((row) => {
    const scores = ensemble.baseValues?.slice() ?? new Array<number>(ensemble.outputs).fill(0);
    for (const tree of ensemble.trees) {
      let node = tree;
      // The runtime compares float32 inputs with float32 thresholds: round both the same way.
      while (!('leaf' in node)) node = Math.fround(row[node.feature] as number) <= Math.fround(node.threshold) ? node.left : node.right;
      node.leaf.forEach((w, i) => (scores[i] = (scores[i] as number) + w));
    }
    return scores;
  });
}

interface Flat {
  nodes: { tree: number; id: number; feature: number; value: number; mode: string; trueId: number; falseId: number }[];
  leaves: { tree: number; node: number; output: number; weight: number }[];
}

/** Node ids restart at 0 in each tree, in pre-order, as the spec allows. */
function flatten(ensemble: TreeEnsemble): Flat {
  const flat: Flat = { nodes: [], leaves: [] };
  ensemble.trees.forEach((root, tree) => {
    let nextId = 0;
    const visit = (node: TreeNode): number => {
      const id = nextId++;
      const entry = { tree, id, feature: 0, value: 0, mode: 'LEAF', trueId: 0, falseId: 0 };
      flat.nodes.push(entry);
      if ('leaf' in node) {
        node.leaf.forEach((weight, output) => flat.leaves.push({ tree, node: id, output, weight }));
      } else {
        Object.assign(entry, { feature: node.feature, value: node.threshold, mode: 'BRANCH_LEQ' });
        entry.trueId = visit(node.left);
        entry.falseId = visit(node.right);
      }
      return id;
    };
    visit(root);
  });
  return flat;
}

function nodeAttributes(flat: Flat) {
  return {
    nodes_treeids: { ints: flat.nodes.map((n) => n.tree) },
    nodes_nodeids: { ints: flat.nodes.map((n) => n.id) },
    nodes_featureids: { ints: flat.nodes.map((n) => n.feature) },
    nodes_values: { floats: flat.nodes.map((n) => n.value) },
    nodes_modes: flat.nodes.map((n) => n.mode),
    nodes_truenodeids: { ints: flat.nodes.map((n) => n.trueId) },
    nodes_falsenodeids: { ints: flat.nodes.map((n) => n.falseId) },
  };
}

/**
 * TreeEnsembleClassifier: input `input` FP32 [N, features]; outputs `label` INT64 [N] (the class
 * with the highest score) and `probabilities` FP32 [N, classes] (the scores after `postTransform`).
 */
export function treeEnsembleClassifierModel(ensemble: TreeEnsemble, postTransform: 'NONE' | 'SOFTMAX' = 'NONE'): OnnxModel {
  const flat = flatten(ensemble);
  const classes = ensemble.outputs;
  return {
    opsets: { '': 13, 'ai.onnx.ml': 3 },
    graph: {
      name: 'tree-ensemble-classifier',
      nodes: [
        {
          opType: 'TreeEnsembleClassifier',
          domain: 'ai.onnx.ml',
          inputs: ['input'],
          outputs: ['label', 'probabilities'],
          name: 'trees',
          attributes: {
            ...nodeAttributes(flat),
            class_treeids: { ints: flat.leaves.map((l) => l.tree) },
            class_nodeids: { ints: flat.leaves.map((l) => l.node) },
            class_ids: { ints: flat.leaves.map((l) => l.output) },
            class_weights: { floats: flat.leaves.map((l) => l.weight) },
            classlabels_int64s: { ints: Array.from({ length: classes }, (_, i) => i) },
            ...(ensemble.baseValues ? { base_values: { floats: ensemble.baseValues } } : {}),
            post_transform: postTransform,
          },
        },
      ],
      inputs: [{ name: 'input', type: { tensor: onnxType.FLOAT, shape: ['N', ensemble.features] } }],
      outputs: [
        { name: 'label', type: { tensor: onnxType.INT64, shape: ['N'] } },
        { name: 'probabilities', type: { tensor: onnxType.FLOAT, shape: ['N', classes] } },
      ],
    },
  };
}

/** TreeEnsembleRegressor summing the leaves: input `input` FP32 [N, features]; output `variable` FP32 [N, targets]. */
export function treeEnsembleRegressorModel(ensemble: TreeEnsemble): OnnxModel {
  const flat = flatten(ensemble);
  return {
    opsets: { '': 13, 'ai.onnx.ml': 3 },
    graph: {
      name: 'tree-ensemble-regressor',
      nodes: [
        {
          opType: 'TreeEnsembleRegressor',
          domain: 'ai.onnx.ml',
          inputs: ['input'],
          outputs: ['variable'],
          name: 'trees',
          attributes: {
            ...nodeAttributes(flat),
            target_treeids: { ints: flat.leaves.map((l) => l.tree) },
            target_nodeids: { ints: flat.leaves.map((l) => l.node) },
            target_ids: { ints: flat.leaves.map((l) => l.output) },
            target_weights: { floats: flat.leaves.map((l) => l.weight) },
            n_targets: ensemble.outputs,
            aggregate_function: 'SUM',
            ...(ensemble.baseValues ? { base_values: { floats: ensemble.baseValues } } : {}),
            post_transform: 'NONE',
          },
        },
      ],
      inputs: [{ name: 'input', type: { tensor: onnxType.FLOAT, shape: ['N', ensemble.features] } }],
      outputs: [{ name: 'variable', type: { tensor: onnxType.FLOAT, shape: ['N', ensemble.outputs] } }],
    },
  };
}

/**
 * Adds what scikit-learn exporters add by default: a ZipMap turning `probabilities` into
 * `output_probability`, a sequence of {class: probability} maps.
 */
export function withZipMap(model: OnnxModel, classes: number): OnnxModel {
  return {
    ...model,
    graph: {
      ...model.graph,
      nodes: [
        ...model.graph.nodes,
        {
          opType: 'ZipMap',
          domain: 'ai.onnx.ml',
          inputs: ['probabilities'],
          outputs: ['output_probability'],
          name: 'zipmap',
          attributes: { classlabels_int64s: { ints: Array.from({ length: classes }, (_, i) => i) } },
        },
      ],
      outputs: [
        ...model.graph.outputs.filter((o) => o.name !== 'probabilities'),
        { name: 'output_probability', type: { sequence: { map: { key: onnxType.INT64, value: { tensor: onnxType.FLOAT } } } } },
      ],
    },
  };
}
