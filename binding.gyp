{
  "targets": [
    {
      "target_name": "cloudhop_native",
      "sources": ["native/jsonl.c"],
      "cflags": ["-O2", "-ffp-contract=off"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O2", "-ffp-contract=off"] }
    }
  ]
}
