(module
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "sum_words" (func $sum_words))
 (func $sum_words (param $p i32) (param $n i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (if (result i32)
   (local.get $n)
   (block (result i32)
    (loop $label$2
     (local.set $2
      (i32.add
       (local.get $2)
       (i32.load
        (i32.add
         (local.get $p)
         (i32.shl
          (local.get $3)
          (i32.const 2)
         )
        )
       )
      )
     )
     (br_if $label$2
      (i32.lt_u
       (local.tee $3
        (i32.add
         (local.get $3)
         (i32.const 1)
        )
       )
       (local.get $n)
      )
     )
    )
    (local.get $2)
   )
   (i32.const 0)
  )
 )
)
