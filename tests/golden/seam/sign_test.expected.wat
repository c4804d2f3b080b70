(module
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_pop" (func $z_pop))
 (func $z_pop (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (if
   (block $label$1 (result i32)
    (if
     (i32.gt_s
      (local.tee $2
       (i32.load offset=4
        (local.get $0)
       )
      )
      (i32.const 0)
     )
     (block
      (local.set $2
       (i32.sub
        (local.get $2)
        (i32.const 1)
       )
      )
      (br $label$1
       (i32.ge_s
        (local.get $2)
        (i32.const 0)
       )
      )
     )
    )
    (i32.const 0)
   )
   (block
    (i32.store offset=4
     (local.get $0)
     (local.get $2)
    )
    (i32.store
     (local.get $1)
     (i32.load
      (i32.add
       (i32.load
        (local.get $0)
       )
       (i32.shl
        (local.get $2)
        (i32.const 2)
       )
      )
     )
    )
    (return
     (i32.const 0)
    )
   )
  )
  (i32.const -16)
 )
)
