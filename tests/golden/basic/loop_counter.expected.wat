(module
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "sum_words" (func $sum_words))
 (func $sum_words (param $p i32) (param $n i32) (result i32)
  (local $i i32)
  (local $s i32)
  (block $label$1
   (br_if $label$1
    (i32.eqz
     (local.get $n)
    )
   )
   (loop $label$2
    (local.set $s
     (i32.add
      (local.get $s)
      (i32.shl
       (i32.load
        (i32.add
         (local.get $p)
         (i32.shl
          (local.get $i)
          (i32.const 2)
         )
        )
       )
       (i32.const 0)
      )
     )
    )
    (br_if $label$2
     (i32.lt_u
      (local.tee $i
       (i32.add
        (local.get $i)
        (i32.const 1)
       )
      )
      (local.get $n)
     )
    )
   )
  )
  (local.get $s)
 )
)
