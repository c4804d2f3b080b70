(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "lock" (func $lock (param i32) (result i32)))
 (import "env" "unlock" (func $unlock (param i32 i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "f" (func $0))
 (func $0 (param $o i32) (param $n i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (block $label$1
   (local.set $3
    (call $lock
     (local.tee $2
      (i32.add
       (local.get $o)
       (i32.const 8)
      )
     )
    )
   )
   (if
    (i32.ge_u
     (local.tee $4
      (i32.load
       (local.get $o)
      )
     )
     (i32.load offset=4
      (local.get $o)
     )
    )
    (block
     (local.set $5
      (i32.const -12)
     )
     (br $label$1)
    )
   )
   (block $label$3
    (br_if $label$3
     (local.get $n)
    )
    (local.set $5
     (i32.const -22)
    )
    (br $label$1)
   )
   (i32.store
    (local.get $o)
    (i32.add
     (local.get $n)
     (local.get $4)
    )
   )
   (local.set $5
    (i32.const 0)
   )
  )
  (call $unlock
   (local.get $2)
   (local.get $3)
  )
  (local.get $5)
 )
)
