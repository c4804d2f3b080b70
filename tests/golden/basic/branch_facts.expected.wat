(module
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "f" (func $0))
 (export "g" (func $1))
 (func $0 (param $p i32) (param $x i32) (param $y i32) (result i32)
  (block $label$1
   (br_if $label$1
    (local.get $x)
   )
   (i32.store
    (local.get $p)
    (local.get $y)
   )
   (return
    (local.get $y)
   )
  )
  (if
   (i32.lt_u
    (local.get $x)
    (local.get $y)
   )
   (return
    (i32.const 41)
   )
  )
  (i32.store offset=4
   (local.get $p)
   (local.get $x)
  )
  (local.get $y)
 )
 (func $1 (param $n i32) (param $lim i32) (param $p i32) (result i32)
  (block $label$1
   (br_if $label$1
    (select
     (i32.const 0)
     (i32.ge_s
      (local.get $n)
      (i32.const 0)
     )
     (local.tee $lim
      (i32.lt_u
       (local.get $n)
       (local.get $lim)
      )
     )
    )
   )
   (return
    (select
     (i32.const -11)
     (local.get $n)
     (local.get $lim)
    )
   )
  )
  (i32.store
   (local.get $p)
   (local.get $n)
  )
  (i32.const 0)
 )
)
