import { describe, expect, it } from 'vitest';
import { parseMlmodel } from '../../../src/domain/registry/mlmodel/mlmodel.js';
import { parseYamlSubset } from '../../../src/domain/registry/mlmodel/yaml-subset.js';
import { sklearnMlmodel, tensorMlmodel } from '../../support/mlmodel-fixtures.js';

describe('MLmodel files', () => {
  it('reads the flavours and a column-based signature, folded over several lines', () => {
    const info = parseMlmodel(sklearnMlmodel);
    expect(info.flavors).toEqual(['python_function', 'sklearn']);
    expect(info.flavorFiles).toEqual({ python_function: 'model.pkl', sklearn: 'model.pkl' });
    expect(info.signature).toEqual({
      inputs: [
        { name: 'sepal length (cm)', datatype: 'FP64', shape: [-1] },
        { name: 'petal width (cm)', datatype: 'FP64', shape: [-1] },
        { name: "it's a label", datatype: 'BYTES', shape: [-1] },
      ],
      outputs: [{ name: 'output-0', datatype: 'INT64', shape: [-1] }],
    });
  });

  it('reads a tensor-based signature and the file an ONNX flavour names', () => {
    const info = parseMlmodel(tensorMlmodel);
    expect(info.flavors).toEqual(['onnx', 'python_function']);
    expect(info.flavorFiles['onnx']).toBe('model.onnx');
    expect(info.signature).toEqual({
      inputs: [{ name: 'input-0', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }],
    });
  });

  it('answers no signature when the file has none', () => {
    expect(parseMlmodel('flavors:\n  python_function:\n    loader_module: my.module\n').signature).toBeNull();
  });

  it('refuses a signature that is not JSON, and a file that is not a mapping', () => {
    expect(() => parseMlmodel("flavors: {}\nsignature:\n  inputs: '[{oops'\n")).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => parseMlmodel('- just\n- a list\n')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('parses the YAML that MLflow writes: sequences at the key indent, quotes, block scalars, comments', () => {
    const yaml = [
      '# written by hand',
      'a:',
      '- one',
      '- key: two',
      '  other: "x\\ty"',
      'b: |',
      '  line 1',
      '  line 2',
      'c: {}',
      "d: 'multi",
      '',
      "  line'",
    ].join('\n');
    expect(parseYamlSubset(yaml)).toEqual({ a: ['one', { key: 'two', other: 'x\ty' }], b: 'line 1\nline 2\n', c: {}, d: 'multi\nline' });
  });
});
