//! Diagnostics: every folder under `tests/diagnostics/` is one bad schema; its rendered diagnostics are snapshot-tested.

mod support;

#[test]
fn every_bad_schema_reports_its_diagnostics() {
    for (case, dir) in support::cases("diagnostics") {
        let rendered = match support::generate(&dir, false) {
            Ok(output) => {
                assert!(!output.diagnostics.is_empty(), "{case}: expected diagnostics, got a clean run");
                format!("(generation succeeded)\n{}", output.diagnostics.render(|_| None))
            }
            Err(failure) => failure.render(),
        };
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(format!("diagnostics__{case}"), rendered);
        });
    }
}

#[test]
fn every_error_carries_a_position_or_a_pointer() {
    for (case, dir) in support::cases("diagnostics") {
        let Err(failure) = support::generate(&dir, false) else { continue };
        for diagnostic in failure.diagnostics.sorted() {
            match &diagnostic.location {
                codegen::Location::Position { line, column, .. } => {
                    assert!(*line > 0 && *column > 0, "{case}: {diagnostic:?}")
                }
                codegen::Location::Pointer { pointer, .. } => {
                    assert!(pointer.is_empty() || pointer.starts_with('/'), "{case}: {diagnostic:?}")
                }
                codegen::Location::File { file } => assert!(!file.is_empty(), "{case}: {diagnostic:?}"),
            }
        }
    }
}

/// Byte soup, truncated documents and odd-but-valid YAML must never panic the generator.
#[test]
fn hostile_inputs_never_panic() {
    let inputs: &[&[u8]] = &[
        b"",
        b"~",
        b"[]",
        b"components: 7",
        b"components: {schemas: [1, 2]}",
        b"components: {schemas: {A: 5}}",
        b"components: {schemas: {A: {properties: 5}}}",
        b"components: {schemas: {A: {type: object, properties: {x: {$ref: 7}}}}}",
        b"components: {schemas: {A: {$ref: '#/components/schemas/A'}}}",
        b"components: {schemas: {A: {$ref: '#/components/schemas/B'}, B: {$ref: '#/components/schemas/A'}}}",
        b"components: {schemas: {A: {type: array, items: {$ref: '#/components/schemas/A'}}}}",
        b"components: {schemas: {A: {allOf: [{$ref: '#/components/schemas/A'}]}}}",
        b"components: {schemas: {A: {oneOf: []}}}",
        b"components: {schemas: {A: {anyOf: [{type: 'null'}]}}}",
        b"components: {schemas: {A: {enum: [[1], {a: 1}]}}}",
        b"components: {schemas: {A: {type: [7, object]}}}",
        b"components: {schemas: {A: {x-aliases: 3, properties: {a: {x-aliases: [a, 5]}}}}}",
        b"components: {schemas: {A: {$ref: 'http://example.com/x.yaml#/A'}}}",
        b"components: {schemas: {A: {$ref: '../../../etc/passwd#/A'}}}",
        b"components: {schemas: {A: {$ref: '#no-slash'}}}",
        b"components: {schemas: {A: {$ref: '#/components/schemas/%41'}}}",
        b"{a: [1, 2",
        b"\xEF\xBB\xBFcomponents: {}",
        b"\xff\xfe\x00",
        b"? [complex, key]\n: value\n",
        b"components: {schemas: {'': {type: object}, '2': {enum: ['', ' ', '-']}}}",
        b"components: {schemas: {A: {maximum: 340282366920938463463374607431768211456, minimum: -1e400, type: [null]}}}",
        b"components: {schemas: {A: {properties: {$ref: 7}}, B: {properties: {$ref: '#/nowhere'}}}}",
        b"components: {schemas: {A: {$id: 5, properties: {a: {$ref: '#/definitions/a'}}}}}",
        b"swagger: '2.0'\npaths: 5\ndefinitions: [1]\nparameters: {a: {in: body}}",
        b"swagger: 2.0\npaths: {/a: {get: {parameters: [{$ref: '#/parameters/x'}, 3, {in: formData}], responses: 7}}}",
        b"swagger: '2.0'\npaths: {/a/{b}: {parameters: [{name: b, in: path, type: array, collectionFormat: tsv}], post: 5}}",
        b"swagger: '2.0'\nsecurityDefinitions: {x: {type: oauth2}, y: 3}\nresponses: {r: {schema: {type: file}}}",
        b"swagger: '2.0'\npaths: {/a: {get: {parameters: [{$ref: '../../x.json#/p'}, {$ref: 'http://e.com/p'}]}}}",
        b"openapi: 3.0.0\npaths: {/a/{b}: {get: {$ref: '#/paths'}}}",
        b"openapi: 3.0.0\npaths: {/a/{b}: {get: {parameters: [{name: b, in: path, style: matrix, schema: {type: object}}], responses: {'200': {content: {application/json: {}}}, '201': {content: {application/json: {schema: {type: integer}}}}}}}}",
    ];
    for (index, input) in inputs.iter().enumerate() {
        let files = std::collections::BTreeMap::from([("input.yaml".to_owned(), input.to_vec())]);
        let result = codegen::generate(
            &support::Bytes(files),
            &codegen::Input { files: vec!["input.yaml".to_owned()], command: support::COMMAND.to_owned() },
        );
        if let Err(failure) = result {
            assert!(failure.diagnostics.has_errors(), "input {index}: a failure without an error");
            let _ = failure.render();
        }
    }
}
