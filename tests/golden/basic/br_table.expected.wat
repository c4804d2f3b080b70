(module
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (export "classify" (func $classify))
 (func $classify (param $op i32) (param $a i32) (param $b i32) (result i32)
  (i32.shl
   (block $label$1 (result i32)
    (block $label$2
     (block $label$3
      (block $label$4
       (block $label$5
        (br_table $label$5 $label$4 $label$3 $label$5 $label$2
         (local.get $op)
        )
       )
       (br $label$1
        (i32.add
         (local.get $a)
         (local.get $b)
        )
       )
      )
      (br $label$1
       (i32.sub
        (local.get $a)
        (local.get $b)
       )
      )
     )
     (br $label$1
      (i32.and
       (local.get $a)
       (local.get $b)
      )
     )
    )
    (i32.const -1)
   )
   (i32.const 1)
  )
 )
)
