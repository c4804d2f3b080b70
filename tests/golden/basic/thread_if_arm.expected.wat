(module
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "unlock" (func $unlock (param i32)))
 (memory $0 1)
 (export "f" (func $f))
 (func $f (param $p i32) (param $n i32) (param $out i32) (result i32)
  (block $label$1
   (return
    (block $label$2 (result i32)
     (block $label$3
      (br_if $label$3
       (local.get $n)
      )
      (br $label$1)
     )
     (if
      (i32.gt_s
       (local.get $n)
       (i32.load offset=4
        (local.get $p)
       )
      )
      (br $label$1)
     )
     (i32.store
      (local.get $out)
      (local.get $n)
     )
     (i32.store offset=4
      (local.get $p)
      (i32.sub
       (i32.load offset=4
        (local.get $p)
       )
       (local.get $n)
      )
     )
     (call $unlock
      (local.get $p)
     )
     (i32.const 0)
    )
   )
  )
  (i32.store
   (local.get $out)
   (i32.const 0)
  )
  (call $unlock
   (local.get $p)
  )
  (return
   (i32.const -11)
  )
 )
)
