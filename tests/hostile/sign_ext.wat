;; i32.extend8_s needs sign-ext (on by default; off with --mvp-features).
(module
  (func (export "f") (param i32) (result i32)
    (i32.extend8_s (local.get 0))))
