(module
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (export "classify" (func $classify))
 (func $classify (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (i32.shl
   (block $B0 (result i32)
    (block $B1
     (block $B2
      (block $B3
       (block $B4
        (br_table $B4 $B3 $B2 $B4 $B1
         (local.get $0)
        )
       )
       (br $B0
        (i32.add
         (local.get $1)
         (local.get $2)
        )
       )
      )
      (br $B0
       (i32.sub
        (local.get $1)
        (local.get $2)
       )
      )
     )
     (br $B0
      (i32.and
       (local.get $1)
       (local.get $2)
      )
     )
    )
    (i32.const -1)
   )
   (i32.const 1)
  )
 )
)
