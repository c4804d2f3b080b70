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
 (func $0 (param $0 i32) (result i32)
  (local $1 i32)
  (block $polarity$0
   (br_if $polarity$0
    (local.tee $1
     (i32.load offset=8
      (local.get $0)
     )
    )
   )
   (return
    (i32.const -1)
   )
  )
  (i32.add
   (i32.load
    (local.get $0)
   )
   (local.get $1)
  )
 )
 (func $1 (param $0 i32) (result i32)
  (local $1 i32)
  (local.set $1
   (i32.load offset=8
    (local.get $0)
   )
  )
  (block $polarity$0
   (br_if $polarity$0
    (local.tee $0
     (i32.load
      (local.get $0)
     )
    )
   )
   (return
    (i32.const -1)
   )
  )
  (i32.add
   (local.get $0)
   (local.get $1)
  )
 )
 (func $2 (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local.set $2
   (i32.load offset=4
    (local.get $0)
   )
  )
  (i32.store
   (local.get $1)
   (local.tee $0
    (i32.load offset=8
     (local.get $0)
    )
   )
  )
  (call $log
   (local.get $0)
  )
  (i32.add
   (local.get $2)
   (i32.const 1)
  )
 )
 (func $3 (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local.set $3
   (i32.load offset=8
    (local.get $0)
   )
  )
  (local.set $0
   (i32.load
    (local.get $0)
   )
  )
  (loop $L1
   (block $B0
    (br_if $B0
     (i32.eqz
      (local.get $1)
     )
    )
    (local.set $1
     (i32.sub
      (local.get $1)
      (i32.const 1)
     )
    )
    (local.set $2
     (i32.add
      (local.get $0)
      (local.get $2)
     )
    )
    (br $L1)
   )
  )
  (i32.add
   (local.get $2)
   (local.get $3)
  )
 )
)
