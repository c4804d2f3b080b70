(module
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "f" (func $0))
 (export "g" (func $1))
 (func $0 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (block $polarity$0
   (br_if $polarity$0
    (local.get $1)
   )
   (i32.store
    (local.get $0)
    (local.get $2)
   )
   (return
    (local.get $2)
   )
  )
  (if
   (i32.lt_u
    (local.get $1)
    (local.get $2)
   )
   (return
    (i32.const 41)
   )
  )
  (i32.store offset=4
   (local.get $0)
   (local.get $1)
  )
  (local.get $2)
 )
 (func $1 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (block $polarity$0
   (br_if $polarity$0
    (select
     (i32.const 0)
     (i32.ge_s
      (local.get $0)
      (i32.const 0)
     )
     (local.tee $1
      (i32.lt_u
       (local.get $0)
       (local.get $1)
      )
     )
    )
   )
   (return
    (select
     (i32.const -11)
     (local.get $0)
     (local.get $1)
    )
   )
  )
  (i32.store
   (local.get $2)
   (local.get $0)
  )
  (i32.const 0)
 )
)
