(module
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "unlock" (func $unlock (param i32)))
 (memory $0 1)
 (export "f" (func $f))
 (func $f (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (block $folding-inner0
   (return
    (block (result i32)
     (block $polarity$0
      (br_if $polarity$0
       (local.get $1)
      )
      (br $folding-inner0)
     )
     (if
      (i32.gt_s
       (local.get $1)
       (i32.load offset=4
        (local.get $0)
       )
      )
      (br $folding-inner0)
     )
     (i32.store
      (local.get $2)
      (local.get $1)
     )
     (i32.store offset=4
      (local.get $0)
      (i32.sub
       (i32.load offset=4
        (local.get $0)
       )
       (local.get $1)
      )
     )
     (call $unlock
      (local.get $0)
     )
     (i32.const 0)
    )
   )
  )
  (i32.store
   (local.get $2)
   (i32.const 0)
  )
  (call $unlock
   (local.get $0)
  )
  (return
   (i32.const -11)
  )
 )
)
