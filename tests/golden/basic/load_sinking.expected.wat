(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (type $i32_=>_none (func (param i32)))
 (import "env" "log" (func $log (param i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "covered" (func $0))
 (export "uncovered" (func $1))
 (export "store_between" (func $2))
 (export "loop_use" (func $3))
 (func $0 (param $p i32) (result i32)
  (local $1 i32)
  (block $label$1
   (br_if $label$1
    (local.tee $1
     (i32.load offset=8
      (local.get $p)
     )
    )
   )
   (return
    (i32.const -1)
   )
  )
  (i32.add
   (i32.load
    (local.get $p)
   )
   (local.get $1)
  )
 )
 (func $1 (param $p i32) (result i32)
  (local $1 i32)
  (local.set $1
   (i32.load offset=8
    (local.get $p)
   )
  )
  (block $label$1
   (br_if $label$1
    (local.tee $p
     (i32.load
      (local.get $p)
     )
    )
   )
   (return
    (i32.const -1)
   )
  )
  (i32.add
   (local.get $p)
   (local.get $1)
  )
 )
 (func $2 (param $p i32) (param $q i32) (result i32)
  (local $2 i32)
  (local.set $2
   (i32.load offset=4
    (local.get $p)
   )
  )
  (i32.store
   (local.get $q)
   (local.tee $p
    (i32.load offset=8
     (local.get $p)
    )
   )
  )
  (call $log
   (local.get $p)
  )
  (i32.add
   (local.get $2)
   (i32.const 1)
  )
 )
 (func $3 (param $p i32) (param $n i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local.set $3
   (i32.load offset=8
    (local.get $p)
   )
  )
  (local.set $p
   (i32.load
    (local.get $p)
   )
  )
  (loop $label$1
   (block $label$2
    (br_if $label$2
     (i32.eqz
      (local.get $n)
     )
    )
    (local.set $n
     (i32.sub
      (local.get $n)
      (i32.const 1)
     )
    )
    (local.set $2
     (i32.add
      (local.get $p)
      (local.get $2)
     )
    )
    (br $label$1)
   )
  )
  (i32.add
   (local.get $2)
   (local.get $3)
  )
 )
)
