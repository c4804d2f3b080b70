(module
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_bucket_drain" (func $z_bucket_drain))
 (func $z_bucket_drain (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local.set $3
   (i32.load
    (local.get $0)
   )
  )
  (local.set $3
   (block $label$1 (result i32)
    (block $label$2
     (br_if $label$2
      (local.get $2)
     )
     (local.set $1
      (local.get $3)
     )
     (local.set $2
      (i32.const 0)
     )
     (br $label$1
      (i32.const 0)
     )
    )
    (local.set $4
     (local.get $1)
    )
    (local.set $1
     (local.get $3)
    )
    (loop $label$3
     (local.set $5
      (i32.add
       (local.get $5)
       (local.tee $3
        (block $label$4 (result i32)
         (if
          (i32.ge_u
           (local.get $1)
           (local.tee $3
            (i32.load
             (local.get $4)
            )
           )
          )
          (block
           (local.set $1
            (i32.sub
             (local.get $1)
             (local.get $3)
            )
           )
           (br $label$4
            (i32.const 0)
           )
          )
         )
         (i32.const 1)
        )
       )
      )
     )
     (if
      (local.tee $2
       (i32.sub
        (local.get $2)
        (i32.const 1)
       )
      )
      (block
       (local.set $4
        (i32.add
         (local.get $4)
         (i32.const 4)
        )
       )
       (br $label$3)
      )
     )
    )
    (local.set $2
     (local.get $3)
    )
    (local.get $5)
   )
  )
  (i32.store
   (local.get $0)
   (local.get $1)
  )
  (i32.store8 offset=4
   (local.get $0)
   (local.get $2)
  )
  (local.get $3)
 )
)
