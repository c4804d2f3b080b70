(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "lock" (func $lock (param i32) (result i32)))
 (import "env" "unlock" (func $unlock (param i32 i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "f" (func $0))
 (func $0 (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (block $eqsat$tail0
   (local.set $3
    (call $lock
     (local.tee $2
      (i32.add
       (local.get $0)
       (i32.const 8)
      )
     )
    )
   )
   (if
    (i32.ge_u
     (local.tee $4
      (i32.load
       (local.get $0)
      )
     )
     (i32.load offset=4
      (local.get $0)
     )
    )
    (block
     (local.set $5
      (i32.const -12)
     )
     (br $eqsat$tail0)
    )
   )
   (block $polarity$0
    (br_if $polarity$0
     (local.get $1)
    )
    (local.set $5
     (i32.const -22)
    )
    (br $eqsat$tail0)
   )
   (i32.store
    (local.get $0)
    (i32.add
     (local.get $1)
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
